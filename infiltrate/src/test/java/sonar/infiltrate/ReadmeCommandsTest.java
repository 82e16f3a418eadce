package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.TlsClient;
import sonar.testkit.InfiltrateProcess;
import sonar.testkit.Vector;

/**
 * The administrator guide's OpenSSL commands, run as written (with this host's name), make a CA and a certificate that
 * work.
 */
class ReadmeCommandsTest {

  @TempDir
  Path dir;

  @Test
  void theReadmesOpensslCommandsMakeACertificateTheServerAndItsClientsAccept() throws Exception {
    assumeThat(run("openssl version")).as("openssl is installed").isZero();
    for (String command : readmeBlockAfter("A private CA and a server certificate")) {
      String here = command.replace("sonar.example.org", "localhost").replace("IP:10.1.2.3", "IP:127.0.0.1");
      assertThat(run(here)).as(here).isZero();
    }
    Path data = Files.createDirectory(dir.resolve("data"));
    try (InfiltrateProcess server = InfiltrateProcess.start("-data-path", data.toString(), "-port", "0",
        "-server-cert", dir.resolve("server.pem").toString(), "-server-key", dir.resolve("server.key").toString());
        RawHttp https = TlsClient.trusting(certificate(dir.resolve("ca.pem"))).http("localhost", server.port())) {
      assertThat(https.exchange("GET", "/ping", null, null).status()).isEqualTo(200);
    }
  }

  /** The lines of the first fenced block after the paragraph that starts with the given words. */
  private static List<String> readmeBlockAfter(String words) throws Exception {
    String readme = Files.readString(Vector.testdata().getParent().resolve("docs/admin.md"));
    int paragraph = readme.indexOf(words);
    assertThat(paragraph).as("README paragraph \"%s\"", words).isNotNegative();
    int start = readme.indexOf("```\n", paragraph) + 4;
    int end = readme.indexOf("```", start);
    return readme.substring(start, end).lines().filter(line -> !line.isBlank()).toList();
  }

  private int run(String command) throws Exception {
    Process process = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    process.getInputStream().readAllBytes();
    return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  private static X509Certificate certificate(Path pem) throws Exception {
    try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(pem))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
