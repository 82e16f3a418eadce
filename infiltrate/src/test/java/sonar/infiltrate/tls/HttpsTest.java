package sonar.infiltrate.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.http.HttpSettings;
import sonar.infiltrate.reload.Reloader;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.LogLines;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;
import sonar.infiltrate.testing.TlsClient;
import sonar.testkit.Certificates;
import sonar.testkit.Certificates.KeyFormat;
import sonar.testkit.Certificates.KeyType;

/** Real TLS with certificates made here: key formats, protocol versions, what clients refuse, renewal. */
class HttpsTest {

  private static final String READING = "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\","
      + "\"cluster\":\"cl\",\"host\":\"h\",\"cores\":8,\"user\":\"u\",\"cmd\":\"c\"}]";
  private static final HttpSettings BOTH_PORTS =
      HttpSettings.builder().httpPort(0).httpsPort(0).maxConnections(100).build();

  @TempDir
  Path dir;
  private final LogLines log = new LogLines();
  private final Certificates.Authority authority = Certificates.authority("Sonar test CA");

  @ParameterizedTest(name = "{0} key as {1}")
  @CsvSource({"RSA, TRADITIONAL", "RSA, PKCS8", "EC, TRADITIONAL", "EC, PKCS8"})
  void servesHttpsWithEveryKeyFormat(KeyType type, KeyFormat format) throws Exception {
    Certificates.Issued server = authority.server("localhost", List.of("localhost", "127.0.0.1"), type);
    ServerTls tls = new ServerTls(server.writeCertificate(dir.resolve("cert.pem")),
        server.writeKey(dir.resolve("key.pem"), format), null, Clock.systemUTC(), log.log());
    try (RunningServer running = start(tls, null);
        RawHttp https = TlsClient.trusting(authority.certificate()).http("localhost", running.server.httpsPort())) {
      assertThat(https.postJson("/sonar-reading", READING).status()).isEqualTo(200);
    }
    assertThat(Files.readString(dir.resolve("data/cl/2023/10/11/h.csv"))).startsWith("v=0.7.0,");
  }

  @Test
  void servesPlainHttpBesideHttpsAndPresentsAWholeChain() throws Exception {
    Certificates.Issued server = authority.server("localhost", List.of("localhost"), KeyType.EC);
    ServerTls tls = new ServerTls(server.writeCertificate(dir.resolve("cert.pem"), authority.certificate()),
        server.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8), null, Clock.systemUTC(), log.log());
    try (RunningServer running = start(tls, null)) {
      try (RawHttp plain = running.connect()) {
        assertThat(plain.exchange("GET", "/ping", null, null).status()).isEqualTo(200);
      }
      try (SSLSocket socket = TlsClient.trusting(authority.certificate()).connect("localhost",
          running.server.httpsPort())) {
        assertThat(socket.getSession().getPeerCertificates()).hasSize(2);
        assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
      }
    }
  }

  @Test
  void refusesProtocolsOlderThanTls12() throws Exception {
    try (RunningServer running = start(tls(authority.server("localhost", List.of("localhost"), KeyType.EC)), null)) {
      assertThatThrownBy(() -> TlsClient.trusting(authority.certificate()).offering("TLSv1.1")
          .connect("localhost", running.server.httpsPort()).close())
          .isInstanceOf(SSLException.class);
      try (SSLSocket socket = TlsClient.trusting(authority.certificate()).offering("TLSv1.2")
          .connect("localhost", running.server.httpsPort())) {
        assertThat(socket.getSession().getCipherSuite()).startsWith("TLS_ECDHE_ECDSA_WITH_").contains("_GCM_");
      }
    }
  }

  @Test
  void clientsRefuseAnExpiredCertificateAndTheLogWarnsOfIt() throws Exception {
    Certificates.Issued expired = authority.server("localhost", List.of("localhost"), KeyType.EC,
        Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(5));
    try (RunningServer running = start(tls(expired), null)) {
      assertThatThrownBy(() -> TlsClient.trusting(authority.certificate()).connect("localhost",
          running.server.httpsPort()))
          .isInstanceOf(SSLException.class)
          .hasMessageContaining("validity check failed");
    }
    assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARNING the TLS certificate in ")
        .endsWith("; clients will refuse it"));
  }

  @Test
  void clientsRefuseACertificateFromACaTheyDoNotTrust() throws Exception {
    try (RunningServer running = start(tls(authority.server("localhost", List.of("localhost"), KeyType.EC)), null)) {
      X509Certificate stranger = Certificates.authority("Someone else").certificate();
      assertThatThrownBy(() -> TlsClient.trusting(stranger).connect("localhost", running.server.httpsPort()))
          .isInstanceOf(SSLException.class)
          .hasMessageContaining("unable to find valid certification path");
    }
  }

  @Test
  void clientsRefuseACertificateForAnotherHostName() throws Exception {
    try (RunningServer running = start(tls(authority.server("other", List.of("other.example.org"), KeyType.EC)),
        null)) {
      assertThatThrownBy(() -> TlsClient.trusting(authority.certificate()).connect("localhost",
          running.server.httpsPort()))
          .isInstanceOf(SSLException.class)
          .hasMessageContaining("No subject alternative DNS name matching localhost");
    }
  }

  @Test
  void requiresAClientCertificateSignedByTheClientCa() throws Exception {
    Certificates.Authority clients = Certificates.authority("Sonar node CA");
    Certificates.Issued server = authority.server("localhost", List.of("localhost"), KeyType.EC);
    ServerTls tls = new ServerTls(server.writeCertificate(dir.resolve("cert.pem")),
        server.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8), clients.writeCertificate(dir.resolve("clients.pem")),
        Clock.systemUTC(), log.log());
    try (RunningServer running = start(tls, null)) {
      int port = running.server.httpsPort();
      try (RawHttp https = TlsClient.trusting(authority.certificate(), clients.client("node1")).http("localhost",
          port)) {
        assertThat(https.postJson("/sonar-reading", READING).status()).isEqualTo(200);
      }
      assertRefused(TlsClient.trusting(authority.certificate()), port);
      assertRefused(TlsClient.trusting(authority.certificate(), Certificates.authority("Rogue").client("node1")), port);
    }
  }

  /** The server refuses in the handshake; with TLS 1.3 the client may learn it on its first read. */
  private static void assertRefused(TlsClient client, int port) {
    assertThatThrownBy(() -> {
      try (RawHttp https = client.http("localhost", port)) {
        https.exchange("GET", "/ping", null, null);
      }
    }).isInstanceOfAny(SSLException.class, java.net.SocketException.class, java.io.IOException.class);
  }

  @Test
  void renewsTheCertificateForNewConnectionsWhileOldOnesKeepWorking() throws Exception {
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    Certificates.Issued first = authority.server("localhost", List.of("localhost"), KeyType.EC);
    ServerTls tls = tls(first);
    try (Reloader reloader = watching(tls)) {
      try (RunningServer running = start(tls, reloader)) {
        int port = running.server.httpsPort();
        TlsClient client = TlsClient.trusting(authority.certificate());
        try (SSLSocket old = client.connect("localhost", port); RawHttp oldHttp = new RawHttp(old)) {
          assertThat(serial(old)).isEqualTo(first.certificate().getSerialNumber());

          Certificates.Issued second = authority.server("localhost", List.of("localhost"), KeyType.RSA);
          second.writeCertificate(certFile);
          second.writeKey(keyFile, KeyFormat.TRADITIONAL);
          try (RawHttp plain = running.connect()) {
            RawHttp.Response reloaded = plain.exchange("POST", "/reload", new byte[0], null);
            assertThat(reloaded.body()).isEqualTo("reloaded TLS certificate\n");
          }

          try (SSLSocket fresh = client.connect("localhost", port)) {
            assertThat(serial(fresh)).isEqualTo(second.certificate().getSerialNumber());
          }
          assertThat(oldHttp.postJson("/sonar-reading", READING).status()).isEqualTo(200);
        }
      }
    }
    assertThat(log.lines()).anySatisfy(line -> assertThat(line)
        .startsWith("INFO TLS certificate renewed: CN=localhost"));
  }

  @Test
  void keepsTheCertificateInServiceWhenTheNewPairIsBroken() throws Exception {
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    Certificates.Issued first = authority.server("localhost", List.of("localhost"), KeyType.EC);
    ServerTls tls = tls(first);
    try (Reloader reloader = watching(tls)) {
      try (RunningServer running = start(tls, reloader)) {
        authority.server("localhost", List.of("localhost"), KeyType.EC).writeCertificate(certFile); // key unchanged
        reloader.checkNow().get();
        reloader.checkNow().get();
        try (SSLSocket socket = TlsClient.trusting(authority.certificate()).connect("localhost",
            running.server.httpsPort())) {
          assertThat(serial(socket)).isEqualTo(first.certificate().getSerialNumber());
        }
      }
    }
    assertThat(log.lines()).containsOnlyOnce(
        "WARNING new TLS certificate refused, keeping the one in service: key file "
        + keyFile + " does not match the certificate in " + certFile);
  }

  /** Pins /reload answering 200 "reloaded TLS certificate" when the new pair was refused. */
  @Test
  void answersReload409NamingTheRefusedPairWhileTheOldOneStays() throws Exception {
    Path certFile = dir.resolve("cert.pem");
    Path keyFile = dir.resolve("key.pem");
    Certificates.Issued first = authority.server("localhost", List.of("localhost"), KeyType.EC);
    ServerTls tls = tls(first);
    try (Reloader reloader = watching(tls); RunningServer running = start(tls, reloader);
        RawHttp plain = running.connect()) {
      authority.server("localhost", List.of("localhost"), KeyType.EC).writeCertificate(certFile); // key unchanged
      assertReloadRefused(plain, "key file " + keyFile + " does not match the certificate in " + certFile);
      assertReloadRefused(plain, "key file " + keyFile + " does not match the certificate in " + certFile);
      Files.writeString(certFile, "garbage\n");
      assertReloadRefused(plain, "certificate file " + certFile + " holds no PEM certificate");
      first.writeCertificate(certFile);
      Files.delete(keyFile);
      assertReloadRefused(plain, "key file " + keyFile + " cannot be read: no such file");
      try (SSLSocket socket = TlsClient.trusting(authority.certificate()).connect("localhost",
          running.server.httpsPort())) {
        assertThat(serial(socket)).isEqualTo(first.certificate().getSerialNumber());
      }
      first.writeKey(keyFile, KeyFormat.PKCS8);
      RawHttp.Response fixed = plain.exchange("POST", "/reload", new byte[0], null);
      assertThat(fixed.status()).isEqualTo(200);
      assertThat(fixed.body()).isEqualTo("reloaded TLS certificate\n");
    }
  }

  private static void assertReloadRefused(RawHttp http, String problem) throws Exception {
    RawHttp.Response refused = http.exchange("POST", "/reload", new byte[0], null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body()).isEqualTo("refused the new TLS certificate, the one in service stays: " + problem
        + "\n");
  }

  /** Pins TLS 1.2 renegotiation started by a client, which the server took. */
  @Test
  void refusesRenegotiationStartedByAClient() throws Exception {
    try (RunningServer running = start(tls(authority.server("localhost", List.of("localhost"), KeyType.EC)), null);
        SSLSocket socket = TlsClient.trusting(authority.certificate()).offering("TLSv1.2")
            .connect("localhost", running.server.httpsPort())) {
      RawHttp http = new RawHttp(socket);
      assertThat(http.exchange("GET", "/ping", null, null).status()).isEqualTo(200);
      assertThatThrownBy(() -> {
        socket.startHandshake();
        http.exchange("GET", "/ping", null, null);
      }).isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void failsAtStartNamingTheFileAndTheProblem() throws Exception {
    Certificates.Issued server = authority.server("localhost", List.of("localhost"), KeyType.EC);
    Path cert = server.writeCertificate(dir.resolve("cert.pem"));
    Path key = server.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8);
    Path otherKey = authority.server("x", List.of("x"), KeyType.EC).writeKey(dir.resolve("other.pem"), KeyFormat.PKCS8);
    Path text = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");

    assertThatThrownBy(() -> new ServerTls(cert, otherKey, null, Clock.systemUTC(), log.log()))
        .hasMessage("key file " + otherKey + " does not match the certificate in " + cert);
    assertThatThrownBy(() -> new ServerTls(dir.resolve("missing.pem"), key, null, Clock.systemUTC(), log.log()))
        .hasMessage("certificate file " + dir.resolve("missing.pem") + " cannot be read: no such file");
    assertThatThrownBy(() -> new ServerTls(text, key, null, Clock.systemUTC(), log.log()))
        .hasMessage("certificate file " + text + " holds no PEM certificate");
    assertThatThrownBy(() -> new ServerTls(cert, cert, null, Clock.systemUTC(), log.log()))
        .hasMessage("key file " + cert + " holds no PEM private key");
  }

  /** A reloader that checks the TLS files only when asked. */
  private Reloader watching(ServerTls tls) {
    Reloader reloader = new Reloader(Duration.ofHours(1), log.log());
    reloader.watch("TLS certificate", tls.files(), tls::reload);
    return reloader;
  }

  /** TLS from the pair, written to cert.pem and key.pem (PKCS#8) in the test's directory. */
  private ServerTls tls(Certificates.Issued server) {
    return new ServerTls(server.writeCertificate(dir.resolve("cert.pem")),
        server.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8), null, Clock.systemUTC(), log.log());
  }

  private RunningServer start(ServerTls tls, Reloader reloader) throws Exception {
    return new RunningServer(Files.createDirectories(dir.resolve("data")), BOTH_PORTS, StoreSettings.DEFAULTS,
        Access.everyone(), tls, reloader);
  }

  private static java.math.BigInteger serial(SSLSocket socket) throws Exception {
    return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
  }
}
