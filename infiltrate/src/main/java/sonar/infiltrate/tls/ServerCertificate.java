package sonar.infiltrate.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A server's certificate chain and private key, read from PEM files and checked to belong together. The
 * key may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE
 * KEY}); the certificate file may hold the whole chain, server first. Immutable.
 */
public record ServerCertificate(List<X509Certificate> chain, PrivateKey key) {

  public ServerCertificate {
    chain = List.copyOf(chain);
  }

  /**
   * @throws IllegalArgumentException naming the file and what is wrong: missing, unreadable, not PEM,
   *     no certificate or key in it, an encrypted key, or a key that does not match the certificate
   */
  public static ServerCertificate load(Path certificateFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certificateFile);
    PrivateKey key = privateKey(keyFile);
    if (!matches(key, chain.get(0))) {
      throw new IllegalArgumentException(
          "key file " + keyFile + " does not match the certificate in " + certificateFile);
    }
    return new ServerCertificate(chain, key);
  }

  /** All certificates in a PEM file, in order. */
  public static List<X509Certificate> certificates(Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object object : pemObjects(file, "certificate")) {
      if (object instanceof X509CertificateHolder holder) {
        try {
          certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        } catch (CertificateException e) {
          throw new IllegalArgumentException("certificate file " + file + ": " + e.getMessage(), e);
        }
      }
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("certificate file " + file + " holds no PEM certificate");
    }
    return certificates;
  }

  private static PrivateKey privateKey(Path file) {
    for (Object object : pemObjects(file, "key")) {
      try {
        if (object instanceof PEMKeyPair pair) {
          return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (object instanceof PrivateKeyInfo info) {
          return new JcaPEMKeyConverter().getPrivateKey(info);
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("key file " + file + ": " + e.getMessage(), e);
      }
      if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw new IllegalArgumentException("key file " + file
            + " holds an encrypted key; store it unencrypted, readable by the server's user only");
      }
    }
    throw new IllegalArgumentException("key file " + file + " holds no PEM private key");
  }

  private static List<Object> pemObjects(Path file, String what) {
    List<Object> objects = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser pem = new PEMParser(reader)) {
      for (Object object = pem.readObject(); object != null; object = pem.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(what + " file " + file + " cannot be read: " + describe(e), e);
    }
    return objects;
  }

  private static String describe(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage();
  }

  /** Signs with the key and verifies with the certificate: true only for the two halves of one pair. */
  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm();
    };
    try {
      byte[] probe = "does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public Instant notAfter() {
    return chain.get(0).getNotAfter().toInstant();
  }

  /** For the log: subject and validity. */
  public String describe() {
    X509Certificate first = chain.get(0);
    return first.getSubjectX500Principal().getName() + ", valid until " + notAfter();
  }
}
