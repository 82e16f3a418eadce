package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.TlsClient;
import sonar.testkit.Certificates;
import sonar.testkit.InfiltrateProcess;

/** The program as an operator meets it: start-up errors, signals, exit statuses. */
class MainProcessTest {

  @TempDir
  Path temp;

  @Test
  void stopsOnSigtermWithEverythingStoredAndExitsZero() throws Exception {
    Path data = Files.createDirectory(temp.resolve("data"));
    try (InfiltrateProcess server = InfiltrateProcess.start("-data-path", data.toString(), "-port", "0");
        RawHttp http = new RawHttp(server.port())) {
      assertThat(http.postJson("/sonar-reading", reading()).status()).isEqualTo(200);
      server.signal("TERM");
      assertThat(server.waitFor(Duration.ofSeconds(30))).isZero();
      assertThat(server.stderr()).anySatisfy(line -> assertThat(line).endsWith("INFO stopped; all data stored"));
    }
    assertThat(Files.readString(data.resolve("cl/2023/10/11/h.csv"))).startsWith("v=0.7.0,");
    try (Stream<Path> journal = Files.list(data.resolve(".infiltrate/journal"))) {
      assertThat(journal).isEmpty();
    }
  }

  @Test
  void stopsOnSighupAsTheSeedSaysAndExitsZero() throws Exception {
    Path data = Files.createDirectory(temp.resolve("data"));
    try (InfiltrateProcess server = InfiltrateProcess.start("--data-dir=" + data, "--port", "0")) {
      server.signal("HUP");
      assertThat(server.waitFor(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void createsTheDefaultDataPathInTheHomeDirectory() throws Exception {
    try (InfiltrateProcess server = InfiltrateProcess.start(Map.of("HOME", temp.toString()), "-port", "0")) {
      assertThat(server.stderr()).anySatisfy(line -> assertThat(line).contains("data path "
          + temp.resolve("sonar/data")));
      assertThat(temp.resolve("sonar/data/.infiltrate/lock")).exists();
    }
  }

  @Test
  void refusesAMissingDataPathInOneLine() throws Exception {
    Path missing = temp.resolve("missing");
    try (InfiltrateProcess server = InfiltrateProcess.run("-data-path", missing.toString(), "-port", "0")) {
      assertThat(server.exitValue()).isEqualTo(1);
      assertThat(server.stderr()).containsExactly("infiltrate: data path " + missing + " does not exist");
    }
  }

  /**
   * Pins the bug where, started in the C locale (cron, systemd without one), every host outside ASCII got
   * 503 forever: Java encodes file names as the locale says, and only a UTF-8 locale can name them all.
   */
  @Test
  void refusesToStartWhereFileNamesWouldNotBeUtf8() throws Exception {
    try (InfiltrateProcess server = InfiltrateProcess.run(Map.of("LC_ALL", "C"), "-data-path", temp.toString(), "-port",
        "0")) {
      assertThat(server.exitValue()).isEqualTo(1);
      assertThat(server.stderr()).containsExactly("infiltrate: file names would be encoded in ANSI_X3.4-1968, "
          + "not UTF-8: start infiltrate in a UTF-8 locale (LC_ALL=C.UTF-8), as bin/infiltrate does");
    }
  }

  @Test
  void storesAHostOutsideAsciiUnderItsUtf8Name() throws Exception {
    Path data = Files.createDirectory(temp.resolve("data"));
    try (InfiltrateProcess server = InfiltrateProcess.start("-data-path", data.toString(), "-port", "0");
        RawHttp http = new RawHttp(server.port())) {
      assertThat(http.postJson("/sonar-reading", reading().replace("\"h\"", "\"ml1-ø\"")).status()).isEqualTo(200);
      assertThat(server.stop(Duration.ofSeconds(10))).isZero(); // closing kills it, maybe before the file's write
    }
    try (Stream<Path> files = Files.list(data.resolve("cl/2023/10/11"))) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactly("ml1-ø.csv");
    }
  }

  @Test
  void refusesAPortInUseInOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0);
        InfiltrateProcess server = InfiltrateProcess.run("-data-path", temp.toString(), "-port",
            Integer.toString(taken.getLocalPort()))) {
      assertThat(server.exitValue()).isEqualTo(1);
      assertThat(server.stderr()).containsExactly(
          "infiltrate: cannot listen on port " + taken.getLocalPort() + ": Address already in use");
    }
  }

  @Test
  void refusesAMalformedAuthFileNamingTheLine() throws Exception {
    Path auth = Files.writeString(temp.resolve("auth.txt"), "ml:secret\n\nno-separator\n");
    try (InfiltrateProcess server = InfiltrateProcess.run("-data-path", temp.toString(), "-auth-file",
        auth.toString())) {
      assertThat(server.exitValue()).isEqualTo(1);
      assertThat(server.stderr()).containsExactly(
          "infiltrate: auth file " + auth + " line 3: expected user:password or user/password");
    }
  }

  @Test
  void refusesASecondServerOnTheSameData() throws Exception {
    try (InfiltrateProcess first = InfiltrateProcess.start("-data-path", temp.toString(), "-port", "0");
        InfiltrateProcess second = InfiltrateProcess.run("-data-path", temp.toString(), "-port", "0")) {
      assertThat(first.port()).isPositive();
      assertThat(second.exitValue()).isEqualTo(1);
      assertThat(second.stderr()).containsExactly(
          "infiltrate: another infiltrate is already using data path " + temp);
    }
  }

  @Test
  void servesHttpsAndRefusesAKeyThatDoesNotMatchItsCertificate() throws Exception {
    Certificates.Authority authority = Certificates.authority("CA");
    Certificates.Issued server = authority.server("localhost", List.of("localhost"), Certificates.KeyType.EC);
    Path cert = server.writeCertificate(temp.resolve("cert.pem"));
    Path key = server.writeKey(temp.resolve("key.pem"), Certificates.KeyFormat.TRADITIONAL);
    Path wrongKey = authority.server("x", List.of("x"), Certificates.KeyType.EC)
        .writeKey(temp.resolve("wrong.pem"), Certificates.KeyFormat.PKCS8);
    Path data = Files.createDirectory(temp.resolve("data"));
    try (InfiltrateProcess https = InfiltrateProcess.start("-data-path", data.toString(), "-port", "0",
        "-server-cert", cert.toString(), "-server-key", key.toString())) {
      assertThat(https.stderr()).anySatisfy(line -> assertThat(line).contains("infiltrate listening on port "
          + https.port() + " (HTTPS): "));
      try (RawHttp client = TlsClient.trusting(authority.certificate()).http("localhost", https.port())) {
        assertThat(client.exchange("GET", "/ping", null, null).status()).isEqualTo(200);
      }
    }
    try (InfiltrateProcess refused = InfiltrateProcess.run("-data-path", data.toString(), "-port", "0",
        "-server-cert", cert.toString(), "-server-key", wrongKey.toString())) {
      assertThat(refused.exitValue()).isEqualTo(1);
      assertThat(refused.stderr()).containsExactly(
          "infiltrate: key file " + wrongKey + " does not match the certificate in " + cert);
    }
  }

  @Test
  void exitsTwoWhenAnHttpsPortHasNoCertificate() throws Exception {
    try (InfiltrateProcess server = InfiltrateProcess.run("-data-path", temp.toString(), "-https-port", "8443")) {
      assertThat(server.exitValue()).isEqualTo(2);
      assertThat(server.stderr().get(0)).isEqualTo("infiltrate: -https-port needs -server-cert and -server-key");
    }
  }

  @Test
  void exitsTwoWithUsageOnAnUnknownFlag() throws Exception {
    try (InfiltrateProcess server = InfiltrateProcess.run("-data-path", temp.toString(), "-colour", "blue")) {
      assertThat(server.exitValue()).isEqualTo(2);
      assertThat(server.stderr().get(0)).isEqualTo("infiltrate: Unknown options: '-colour', 'blue'");
      assertThat(server.stderr().get(1)).startsWith("Usage: infiltrate ");
    }
  }

  private static String reading() {
    return "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",\"cluster\":\"cl\",\"host\":\"h\","
        + "\"cores\":8,\"user\":\"u\",\"cmd\":\"c\"}]";
  }
}
