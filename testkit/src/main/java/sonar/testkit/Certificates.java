package sonar.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificate authorities and certificates made on the spot, for tests that need real TLS: no key is
 * ever committed. Keys are written as PEM in the format asked for: PKCS#8, PKCS#1 (RSA) or SEC1 (EC).
 */
public final class Certificates {

  /** The algorithm of a key, and so the PEM formats it can be written in. */
  public enum KeyType { RSA, EC }

  /** How a private key is written. */
  public enum KeyFormat { PKCS8, TRADITIONAL }

  private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

  private Certificates() {}

  /** A certificate with its key pair. */
  public record Issued(X509Certificate certificate, KeyPair keys) {

    /** Writes the certificate (and any issuers given, as a chain) as PEM. */
    public Path writeCertificate(Path file, X509Certificate... chain) {
      List<Object> objects = new ArrayList<>();
      objects.add(certificate);
      objects.addAll(List.of(chain));
      return write(file, objects);
    }

    /**
     * Writes the private key: PKCS#8 ("PRIVATE KEY"), or PKCS#1 / SEC1 ("RSA/EC PRIVATE KEY"), the latter
     * with its curve named inside, as OpenSSL writes it.
     */
    public Path writeKey(Path file, KeyFormat format) {
      try {
        Object pem;
        if (format == KeyFormat.PKCS8) {
          pem = new JcaPKCS8Generator(keys.getPrivate(), null).generate();
        } else if (keys.getPrivate().getAlgorithm().equals("EC")) {
          pem = new PemObject("EC PRIVATE KEY", sec1(keys).getEncoded());
        } else {
          pem = keys.getPrivate();
        }
        return write(file, List.of(pem));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static org.bouncycastle.asn1.sec.ECPrivateKey sec1(KeyPair keys) throws IOException {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
      org.bouncycastle.asn1.sec.ECPrivateKey bare = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(
          info.parsePrivateKey());
      SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
      return new org.bouncycastle.asn1.sec.ECPrivateKey(256, bare.getKey(), publicKey.getPublicKeyData(),
          info.getPrivateKeyAlgorithm().getParameters());
    }
  }

  /** A certificate authority that signs what tests ask for. */
  public record Authority(Issued issued, String name) {

    public X509Certificate certificate() {
      return issued.certificate();
    }

    public Path writeCertificate(Path file) {
      return issued.writeCertificate(file);
    }

    /** A server certificate for the given DNS names and IP addresses, valid from an hour ago for a day. */
    public Issued server(String commonName, List<String> names, KeyType type) {
      return server(commonName, names, type, Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(1));
    }

    public Issued server(String commonName, List<String> names, KeyType type, Instant notBefore, Duration validity) {
      return sign(commonName, type, notBefore, validity, false, KeyPurposeId.id_kp_serverAuth, names);
    }

    /** A client certificate, for TLS client authentication. */
    public Issued client(String commonName) {
      return sign(commonName, KeyType.EC, Instant.now().minus(Duration.ofHours(1)), Duration.ofDays(1), false,
          KeyPurposeId.id_kp_clientAuth, List.of());
    }

    private Issued sign(String commonName, KeyType type, Instant notBefore, Duration validity, boolean ca,
        KeyPurposeId purpose, List<String> names) {
      return Certificates.sign(new X500Name("CN=" + commonName), keyPair(type), new X500Name("CN=" + name),
          issued.keys().getPrivate(), notBefore, validity, ca, purpose, names);
    }
  }

  /** A new self-signed certificate authority. */
  public static Authority authority(String name) {
    KeyPair keys = keyPair(KeyType.EC);
    X500Name subject = new X500Name("CN=" + name);
    return new Authority(sign(subject, keys, subject, keys.getPrivate(), Instant.now().minus(Duration.ofHours(1)),
        Duration.ofDays(30), true, null, List.of()), name);
  }

  public static KeyPair keyPair(KeyType type) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
      if (type == KeyType.EC) {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Issued sign(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey,
      Instant notBefore, Duration validity, boolean ca, KeyPurposeId purpose, List<String> names) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
          BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notBefore.plus(validity)),
          subject, keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      }
      if (!names.isEmpty()) {
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
          alternatives.add(Character.isDigit(name.charAt(0)) || name.contains(":")
              ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress())
              : new GeneralName(GeneralName.dNSName, name));
        }
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(alternatives.toArray(GeneralName[]::new)));
      }
      String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(issuerKey);
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new Issued(certificate, keys);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path write(Path file, List<Object> objects) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        pem.writeObject(object);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
