package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;
import static sonar.exfiltrate.EndToEndTest.spoolFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.ScriptedServer;
import sonar.testkit.Certificates;

/** HTTPS to a server whose certificate a site's private CA signed, made in the test. */
class TlsTest {

  @TempDir
  Path dir;

  private final Certificates.Authority siteCa = Certificates.authority("Site CA");

  @Test
  void sendsOverHttpsTrustingThePrivateCaGivenWithCaCert() throws Exception {
    Runner runner = new Runner(dir);
    Path caFile = siteCa.writeCertificate(dir.resolve("ca.pem"));
    try (ScriptedServer server = ScriptedServer.https(serverContext(siteCa))) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 3), "-ca-cert", caFile.toString());

      assertThat(run.status()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(server.requests()).hasSize(1);
      assertThat(server.requests().get(0).text()).contains("\"pid\":3");
      assertThat(spoolFiles(runner.spool)).isEmpty();
    }
  }

  @Test
  void aCertificateItDoesNotTrustStopsTheRunWithOneLineAndKeepsTheBatches() throws Exception {
    Runner runner = new Runner(dir);
    Path otherCa = Certificates.authority("Other CA").writeCertificate(dir.resolve("other.pem"));
    try (ScriptedServer server = ScriptedServer.https(serverContext(siteCa))) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 3), "-ca-cert", otherCa.toString());

      assertThat(run.status()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("exfiltrate: " + server.url() + " presented a certificate that is not "
          + "trusted (unable to find valid certification path to requested target); 1 file waits in spool "
          + runner.spool + "\n");
      assertThat(server.requests()).isEmpty();
      assertThat(spoolFiles(runner.spool)).hasSize(1);
    }
  }

  @Test
  void aCaCertFileWithoutCertificatesIsAUsageError() throws Exception {
    Runner runner = new Runner(dir);
    Path empty = Files.writeString(dir.resolve("empty.pem"), "\n");

    Exfiltrate run = runner.send("https://127.0.0.1:1", Runner.readings(1, 3), "-ca-cert", empty.toString());

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("exfiltrate: -ca-cert " + empty + " holds no certificate\n");
    assertThat(spoolFiles(runner.spool)).isEmpty();
  }

  static SSLContext serverContext(Certificates.Authority ca) throws Exception {
    Certificates.Issued issued = ca.server("localhost", List.of("localhost", "127.0.0.1"), Certificates.KeyType.EC);
    char[] password = "test".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", issued.keys().getPrivate(), password,
        new Certificate[] {issued.certificate(), ca.certificate()});
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(factory.getKeyManagers(), null, null);
    return context;
  }
}
