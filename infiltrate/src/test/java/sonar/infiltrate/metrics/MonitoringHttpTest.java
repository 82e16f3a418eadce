package sonar.infiltrate.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.http.HttpSettings;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;
import sonar.infiltrate.testing.TlsClient;
import sonar.infiltrate.tls.ServerTls;
import sonar.testkit.Certificates;

class MonitoringHttpTest {

  private static final String READINGS = "[" + reading("ml", "a") + "," + reading("ml", "b") + "," + reading("fox", "c")
      + "]";

  @TempDir
  Path data;

  @Test
  void countsRequestsRecordsBytesAndStoredClustersInThePrometheusFormat() throws Exception {
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      assertThat(http.postJson("/sonar-reading", READINGS).status()).isEqualTo(200);
      assertThat(http.postJson("/sonar-reading", "[{\"cores\":-1}]").status()).isEqualTo(400);
      assertThat(http.exchange("GET", "/nowhere/" + "x".repeat(10), null, null).status()).isEqualTo(404);

      RawHttp.Response metrics = http.exchange("GET", "/metrics", null, null);
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      assertThat(metrics.body().lines()).contains(
          "infiltrate_requests_total{endpoint=\"/sonar-reading\",outcome=\"ok\"} 1.0",
          "infiltrate_requests_total{endpoint=\"/sonar-reading\",outcome=\"bad_request\"} 1.0",
          "infiltrate_requests_total{endpoint=\"other\",outcome=\"not_found\"} 1.0",
          "infiltrate_records_total{endpoint=\"/sonar-reading\",outcome=\"ok\"} 3.0",
          "infiltrate_received_bytes_total{endpoint=\"/sonar-reading\"} " + (READINGS.length() + 14) + ".0",
          "infiltrate_cluster_records_total{cluster=\"fox\"} 1.0",
          "infiltrate_cluster_records_total{cluster=\"ml\"} 2.0",
          "infiltrate_journal_force_seconds_count 1",
          "infiltrate_storage_errors_total 0.0",
          "infiltrate_open_files 3.0",
          "infiltrate_store_queue_bytes 0.0",
          "infiltrate_build_info{version=\"test\"} 1");
      assertThat(metrics.body()).containsPattern(
          "infiltrate_cluster_last_stored_timestamp_seconds\\{cluster=\"ml\"} 1\\.[0-9.]+E9")
          .contains("infiltrate_connections 1.0");
    }
  }

  @Test
  void countsStorageErrors() throws Exception {
    Files.writeString(data.resolve("ml"), "a file where a directory should be");
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      assertThat(http.postJson("/sonar-reading", READINGS).status()).isEqualTo(503);
      assertThat(http.exchange("GET", "/metrics", null, null).body().lines())
          .contains("infiltrate_storage_errors_total 1.0",
              "infiltrate_requests_total{endpoint=\"/sonar-reading\",outcome=\"unavailable\"} 1.0");
    }
  }

  @Test
  void countsFailedTlsHandshakes() throws Exception {
    Certificates.Authority authority = Certificates.authority("CA");
    Certificates.Issued cert = authority.server("localhost", List.of("localhost"), Certificates.KeyType.EC);
    ServerTls tls = new ServerTls(cert.writeCertificate(data.resolve("../cert.pem").normalize()),
        cert.writeKey(data.resolve("../key.pem").normalize(), Certificates.KeyFormat.PKCS8), null, Clock.systemUTC(),
        new sonar.infiltrate.testing.LogLines().log());
    HttpSettings both = HttpSettings.builder().httpPort(0).httpsPort(0).maxConnections(100).build();
    try (RunningServer server = new RunningServer(data, both, StoreSettings.DEFAULTS, Access.everyone(), tls, null)) {
      try {
        TlsClient.trusting(Certificates.authority("stranger").certificate()).connect("localhost",
            server.server.httpsPort());
      } catch (javax.net.ssl.SSLException expected) {
        // the client refuses the certificate; the server counts the failed handshake
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      String body = "";
      while (!body.contains("infiltrate_tls_handshake_failures_total 1.0") && System.nanoTime() < deadline) {
        try (RawHttp http = server.connect()) {
          body = http.exchange("GET", "/metrics", null, null).body();
        }
      }
      assertThat(body).contains("infiltrate_tls_handshake_failures_total 1.0");
    }
  }

  @Test
  void showsAPersonWhatTheServerIsDoing() throws Exception {
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      http.postJson("/sonar-reading", READINGS);
      RawHttp.Response status = http.exchange("GET", "/status", null, null);
      assertThat(status.status()).isEqualTo(200);
      assertThat(status.body()).startsWith("infiltrate test, up ")
          .contains("\nstorage: ok\nconfiguration: a test server\n\n")
          .contains("\ncluster       records  last stored\n")
          .containsPattern("\nml {18}2  20\\d\\d-[^ ]+ \\(\\d+ s ago\\)\n")
          .endsWith("\nrecent warnings and errors: none\n");
    }
  }

  @Test
  void listsClustersAndRecentProblemsOnTheStatusPage() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    Metrics metrics = new Metrics(clock, "1.2.3");
    StatusPage page = new StatusPage("1.2.3", "data path /d, port 8086", clock, metrics,
        () -> "cannot store data now: No space left on device",
        () -> List.of("2026-11-28T11:59:00Z WARNING storage failing"),
        () -> List.of("2026-11-28T11:58:00Z 3x POST /sonar-reading (user \"ml\"): 400 record 1: host is empty"), null);
    assertThat(page.render()).isEqualTo("""
        infiltrate 1.2.3, up 0 s (since 2026-11-28T12:00:00Z)
        storage: FAILING: cannot store data now: No space left on device
        configuration: data path /d, port 8086

        no records stored since the start

        recent refusals, latest first:
        2026-11-28T11:58:00Z 3x POST /sonar-reading (user "ml"): 400 record 1: host is empty

        recent warnings and errors:
        2026-11-28T11:59:00Z WARNING storage failing
        """);
  }

  /** Pins metrics and status rows that grew without bound: 20,000 clusters made /metrics 2.7 MB. */
  @Test
  void countsClustersPastTheFirstThousandTogether() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    Metrics metrics = new Metrics(clock, "1.2.3");
    for (int i = 0; i < 20_000; i++) {
      metrics.stored(new Batch.Builder().add("c" + i + "/2026/11/28/h.csv", "line\n").build());
      metrics.errorReport("c" + i);
    }
    assertThat(metrics.clusters()).hasSize(Metrics.MAX_CLUSTERS + 1)
        .containsEntry(".other", new Metrics.ClusterActivity(19_000, clock.instant()));
    String scraped = new String(metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(scraped.lines().filter(line -> line.startsWith("infiltrate_cluster_records_total{"))).hasSize(1001);
    assertThat(scraped).contains("infiltrate_cluster_records_total{cluster=\".other\"} 19000.0",
        "infiltrate_error_reports_total{cluster=\".other\"} 19000.0");
    assertThat(scraped.length()).isLessThan(200_000);
  }

  @Test
  void writesDurationsForPeople() {
    assertThat(StatusPage.human(Duration.ofSeconds(12))).isEqualTo("12 s");
    assertThat(StatusPage.human(Duration.ofSeconds(423))).isEqualTo("7 min 3 s");
    assertThat(StatusPage.human(Duration.ofMinutes(302))).isEqualTo("5 h 2 min");
    assertThat(StatusPage.human(Duration.ofHours(76))).isEqualTo("3 d 4 h");
  }

  private static String reading(String cluster, String host) {
    return "{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",\"cluster\":\"" + cluster + "\",\"host\":\""
        + host + "\",\"cores\":8,\"user\":\"u\",\"cmd\":\"c\"}";
  }
}
