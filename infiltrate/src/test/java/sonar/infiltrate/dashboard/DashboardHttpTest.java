package sonar.infiltrate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sonar.dashboard.Answer;
import sonar.dashboard.Request;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;

/**
 * The dashboard on infiltrate's port: who may see it, what it answers for bad paths and files, and that intake never
 * waits for it.
 */
class DashboardHttpTest {

  private static final String READER = "Authorization: " + RawHttp.basic(ServedDashboard.READER,
      ServedDashboard.READER_PASSWORD);
  private static final String SENDER = "Authorization: " + RawHttp.basic(ServedDashboard.SENDER,
      ServedDashboard.SENDER_PASSWORD);
  private static final String READING = "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\","
      + "\"cluster\":\"ml.example.org\",\"host\":\"h\",\"cores\":8,\"user\":\"u\",\"job\":1,\"pid\":2,\"cmd\":\"c\"}]";

  @TempDir
  Path work;
  Path reports;

  @BeforeEach
  void reports() throws IOException {
    reports = Files.createDirectories(work.resolve("reports"));
    Path cluster = Files.createDirectories(reports.resolve("ml.example.org"));
    ReportFixture.write(cluster.resolve("ml-at-a-glance.json"), "[{\"hostname\":\"ml1\",\"jobs_recent\":3}]");
    ReportFixture.write(cluster.resolve("ml-hostnames.json"), "[\"ml1\"");
  }

  @Test
  void aReaderSeesTheDashboard() throws IOException {
    try (ServedDashboard served = ServedDashboard.start(work, reports, true, null);
        RawHttp http = served.server.connect()) {
      RawHttp.Response page = http.exchange("GET", "/dashboard/", null, null, READER);
      RawHttp.Response report = http.exchange("GET", "/dashboard/data/ml.example.org/ml-at-a-glance.json", null, null,
          READER);

      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(page.body()).contains("<title>Sonar dashboard</title>");
      assertThat(report.status()).isEqualTo(200);
      assertThat(report.body()).isEqualTo("[{\"hostname\":\"ml1\",\"jobs_recent\":3}]");
      assertThat(new String(served.server.metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("infiltrate_requests_total{endpoint=\"/dashboard\",outcome=\"ok\"} 2.0");
    }
  }

  @Test
  void withoutCredentialsTheBrowserIsAskedForTheDashboards() throws IOException {
    try (ServedDashboard served = ServedDashboard.start(work, reports, true, null);
        RawHttp http = served.server.connect()) {
      for (String header : new String[] {"X-None: 1", "Authorization: " + RawHttp.basic(ServedDashboard.READER,
          "wrong"),
          "Authorization: Basic !!!"}) {
        RawHttp.Response refused = http.exchange("GET", "/dashboard/data/ml.example.org/ml-at-a-glance.json", null,
            null,
            header);

        assertThat(refused.status()).as(header).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Basic realm=\"sonar dashboard\", charset=\"UTF-8\"");
        assertThat(refused.body()).doesNotContain("ml1");
      }
    }
  }

  @Test
  void aSendersCredentialsCannotReadTheDashboard() throws IOException {
    try (ServedDashboard served = ServedDashboard.start(work, reports, true, null);
        RawHttp http = served.server.connect()) {
      RawHttp.Response refused = http.exchange("GET", "/dashboard/data/ml.example.org/ml-at-a-glance.json", null, null,
          SENDER);

      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.body()).doesNotContain("ml1");
      assertThat(http.postJson("/sonar-reading", READING, SENDER).status()).isEqualTo(200);
    }
  }

  @Test
  void credentialsInBothFilesServeNeither() throws IOException {
    try (ServedDashboard served = ServedDashboard.start(work, reports, true, null);
        RawHttp http = served.server.connect()) {
      Files.writeString(work.resolve("readers.txt"), ServedDashboard.READER + ":" + ServedDashboard.READER_PASSWORD
          + "\n"
          + ServedDashboard.SENDER + ":" + ServedDashboard.SENDER_PASSWORD + "\n");
      served.dashboard.readersFile().reload();

      RawHttp.Response read = http.exchange("GET", "/dashboard/", null, null, SENDER);
      RawHttp.Response sent = http.postJson("/sonar-reading", READING, SENDER);

      assertThat(read.status()).isEqualTo(403);
      assertThat(read.body()).isEqualTo("these are a sender's credentials; the dashboard takes only its own readers' "
          + "(-dashboard-auth-file)\n");
      assertThat(sent.status()).isEqualTo(403);
      assertThat(sent.body()).isEqualTo("these are a dashboard reader's credentials, which cannot send data\n");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aReadersCredentialsCannotSendData(boolean senderCredentials) throws IOException {
    try (ServedDashboard served = ServedDashboard.start(work, reports, senderCredentials, null);
        RawHttp http = served.server.connect()) {
      RawHttp.Response refused = http.postJson("/sonar-reading", READING, READER);

      assertThat(refused.status()).isIn(401, 403);
      if (!senderCredentials) { // anyone may send, but not with a reader's credentials
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("these are a dashboard reader's credentials, which cannot send data\n");
        assertThat(http.postJson("/sonar-reading", READING).status()).isEqualTo(200);
      }
      assertThat(Files.exists(work.resolve("data/ml.example.org"))).isEqualTo(!senderCredentials);
    }
  }

  @Test
  void aServerWithoutADashboardHasNone() throws IOException {
    try (RunningServer server = new RunningServer(Files.createDirectories(work.resolve("data")));
        RawHttp http = server.connect()) {
      assertThat(http.exchange("GET", "/dashboard/", null, null, READER).status()).isEqualTo(404);
    }
  }

  @Test
  void saysWhatIsWrongWithAMissingOrMalformedReport() throws IOException {
    try (ServedDashboard served = ServedDashboard.start(work, reports, true, null);
        RawHttp http = served.server.connect()) {
      RawHttp.Response missing = http.exchange("GET", "/dashboard/data/ml.example.org/ml-violator-report.json", null,
          null,
          READER);
      RawHttp.Response malformed = http.exchange("GET", "/dashboard/data/ml.example.org/ml-hostnames.json", null, null,
          READER);
      RawHttp.Response noCluster = http.exchange("GET", "/dashboard/data/fox.example.org/", null, null, READER);

      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.body()).isEqualTo("{\"error\":\"no report ml.example.org/ml-violator-report.json yet\"}");
      assertThat(malformed.status()).isEqualTo(500);
      assertThat(malformed.header("Content-Type")).isEqualTo("application/json");
      assertThat(malformed.body())
          .startsWith("{\"error\":\"report ml.example.org/ml-hostnames.json is not valid JSON: ")
          .doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(noCluster.status()).isEqualTo(404);
      assertThat(noCluster.body()).isEqualTo("{\"error\":\"no cluster fox.example.org in the reports directory\"}");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/dashboard/../status", "/dashboard/%2e%2e/status", "/dashboard/%2E%2E/%2E%2E/etc/passwd",
      "/dashboard/data/..%2f..%2fdata/", "/dashboard/data/ml.example.org/..%2f..%2freaders.txt",
      "/dashboard/data/ml.example.org/%2e%2e%5creaders.txt", "/dashboard/data/ml.example.org/x%00.json"})
  void refusesPathsThatLeaveTheDashboard(String target) throws IOException {
    Files.writeString(work.resolve("secret.json"), "{\"secret\":1}");
    try (ServedDashboard served = ServedDashboard.start(work, reports, true, null);
        RawHttp http = served.server.connect()) {
      RawHttp.Response withoutCredentials = http.exchange("GET", target, null, null);
      RawHttp.Response refused = http.exchange("GET", target, null, null, READER);

      assertThat(withoutCredentials.status()).isEqualTo(401);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).contains("bad path: ").doesNotContain("secret").doesNotContain(READER);
    }
  }

  @Test
  void headGivesTheLengthOfGetAndGzipIsTaken() throws IOException {
    try (ServedDashboard served = ServedDashboard.start(work, reports, true, null);
        RawHttp http = served.server.connect()) {
      RawHttp.Response get = http.exchange("GET", "/dashboard/dashboard.js", null, null, READER);
      http.sendRequest("HEAD", "/dashboard/dashboard.js", null, null, READER);
      RawHttp.Response head = http.readHead();
      RawHttp.Response gzipped = http.exchange("GET", "/dashboard/dashboard.js", null, null, READER,
          "Accept-Encoding: gzip, deflate");

      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Length"))
          .isEqualTo(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
      assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(Integer.parseInt(gzipped.header("Content-Length"))).isLessThan(get.body().length());
      assertThat(http.exchange("GET", "/dashboard/dashboard.js", null, null, READER,
          "If-None-Match: " + get.header("ETag")).status()).isEqualTo(304);
    }
  }

  /** The first connection with an answer to read, polled with a deadline. */
  private static RawHttp answered(List<RawHttp> connections) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (RawHttp connection : connections) {
        if (connection.available() > 0) {
          return connection;
        }
      }
      try {
        Thread.sleep(5); // between polls, not to wait for something
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no connection was answered within 60 s");
  }

  @Test
  void intakeKeepsAnsweringWhileTheDashboardIsSlow() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch reading = new CountDownLatch(DashboardService.THREADS);
    Function<Request, Answer> slow = request -> {
      reading.countDown();
      try {
        release.await(60, TimeUnit.SECONDS); // a disk that does not answer
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Answer(200, java.util.Map.of("Content-Type", "application/json"), "[]".getBytes());
    };
    try (ServedDashboard served = ServedDashboard.start(work, reports, true, slow)) {
      List<RawHttp> readers = new ArrayList<>();
      for (int i = 0; i < DashboardService.THREADS + DashboardService.WAITING + 1; i++) {
        RawHttp reader = served.server.connect();
        readers.add(reader);
        reader.sendRequest("GET", "/dashboard/data/clusters.json", null, null, READER);
      }
      assertThat(reading.await(60, TimeUnit.SECONDS)).isTrue();
      // One request found every thread stuck on the disk and the queue full: it is told so at once.
      RawHttp busyOne = answered(readers);
      RawHttp.Response busy = busyOne.read();
      assertThat(busy.status()).isEqualTo(503);
      assertThat(busy.header("Retry-After")).isEqualTo("1");
      assertThat(busy.body()).isEqualTo("the dashboard is busy; try again shortly\n");
      readers.remove(busyOne);
      busyOne.close();

      // Meanwhile data is stored and pings are answered.
      try (RawHttp sender = served.server.connect()) {
        assertThat(sender.postJson("/sonar-reading", READING, SENDER).status()).isEqualTo(200);
        assertThat(sender.exchange("GET", "/ping", null, null).status()).isEqualTo(200);
      }

      release.countDown();
      for (RawHttp reader : readers) {
        assertThat(reader.read().status()).isEqualTo(200);
        reader.close();
      }
    }
  }
}
