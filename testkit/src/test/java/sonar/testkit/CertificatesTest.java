package sonar.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesTest {

  @TempDir
  Path dir;

  @Test
  void issuesServerCertificatesSignedByTheAuthorityWithTheirNames() throws Exception {
    Certificates.Authority authority = Certificates.authority("Test CA");
    Certificates.Issued server = authority.server("localhost", List.of("localhost", "127.0.0.1"),
        Certificates.KeyType.RSA);

    server.certificate().verify(authority.certificate().getPublicKey());
    assertThat(server.certificate().getSubjectAlternativeNames())
        .extracting(name -> (Object) name.get(1))
        .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1");

    Path pem = server.writeCertificate(dir.resolve("chain.pem"), authority.certificate());
    try (InputStream in = Files.newInputStream(pem)) {
      assertThat(CertificateFactory.getInstance("X.509").generateCertificates(in)).hasSize(2);
    }
  }

  @Test
  void writesKeysInTheFormatAsked() {
    Certificates.Authority authority = Certificates.authority("Test CA");
    Certificates.Issued rsa = authority.server("h", List.of("h"), Certificates.KeyType.RSA);
    Certificates.Issued ec = authority.server("h", List.of("h"), Certificates.KeyType.EC);

    assertThat(read(rsa.writeKey(dir.resolve("rsa1.pem"), Certificates.KeyFormat.TRADITIONAL)))
        .startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(read(ec.writeKey(dir.resolve("ec.pem"), Certificates.KeyFormat.TRADITIONAL)))
        .startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(read(rsa.writeKey(dir.resolve("rsa8.pem"), Certificates.KeyFormat.PKCS8)))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(rsa.certificate()).isInstanceOf(X509Certificate.class);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
