package sonar.infiltrate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.http.HttpServer;
import sonar.infiltrate.log.RefusalLog;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.metrics.Monitoring;
import sonar.infiltrate.metrics.StatusPage;
import sonar.infiltrate.store.Store;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.Eventually;
import sonar.infiltrate.testing.JsonDocuments;
import sonar.infiltrate.testing.KafkaBroker;
import sonar.infiltrate.testing.LogLines;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;
import sonar.infiltrate.testing.WithKafka;
import sonar.testkit.Trees;
import sonar.testkit.Vector;

/** Front ends that publish every request to a real broker, and a server that consumes and stores them. */
@ExtendWith(WithKafka.class)
class PublisherTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path data;
  private final LogLines logs = new LogLines();
  private final String prefix = "p" + UUID.randomUUID().toString().substring(0, 8);
  private final KafkaBroker kafka;
  private final List<AutoCloseable> open = new ArrayList<>();

  PublisherTest(KafkaBroker kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void storesWhatEveryEndpointTakesByteForByteAsTheHttpPathDoes(@TempDir Path viaHttp) throws Exception {
    List<Vector.Post> posts = new ArrayList<>();
    Vector.all().stream().filter(vector -> !vector.name().equals("sonarlog_bad-timestamp"))
        .forEach(vector -> posts.addAll(vector.posts()));
    for (String name : List.of("v090_parse_format_test", "v014_n1")) {
      posts.add(new Vector.Post("/sonar-freecsv?cluster=cl1", Vector.named(name).input()
          .getBytes(StandardCharsets.UTF_8)));
    }
    for (String name : List.of("sysinfo-n1.json", "sysinfo1.json")) {
      for (String message : JsonDocuments.in(Vector.testdata().resolve("sysinfo-old").resolve(name))) {
        posts.add(new Vector.Post("/sysinfo?cluster=cl1", message.getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (String[] file : new String[][] {{"newfmt_samples.json", "sample"}, {"sonar-0.19-sysinfo.json", "sysinfo"},
        {"newfmt_slurmjobs.json", "job"}, {"newfmt_cluster.json", "cluster"}}) {
      for (String message : JsonDocuments.in(Vector.testdata().resolve("newfmt").resolve(file[0]))) {
        posts.add(new Vector.Post("/api/v1/insert/" + file[1], message.getBytes(StandardCharsets.UTF_8)));
      }
    }
    try (RunningServer server = new RunningServer(viaHttp); RawHttp http = server.connect()) {
      for (Vector.Post post : posts) {
        assertThat(post(http, post).status()).as("%s", post).isEqualTo(200);
      }
    }
    consume();
    try (RawHttp http = new RawHttp(frontEnd().port())) {
      for (Vector.Post post : posts) {
        RawHttp.Response response = post(http, post);
        assertThat(response.status()).as("%s: %s", post, response.body()).isEqualTo(200);
      }
      assertThat(http.postJson("/api/v1/insert/sample", JsonDocuments.in(Vector.testdata().resolve("newfmt")
          .resolve("newfmt_samples.json")).get(0)).body()).as("an envelope's answer, as the HTTP path gives it")
          .isEqualTo("{\"cluster\":\"bling.uio.no\",\"node\":\"bling\",\"topic\":\"sample\","
              + "\"time\":\"2025-04-07T13:53:24+02:00\"}");
    }
    Map<String, String> expected = Trees.asText(Trees.read(viaHttp));
    expected.merge("bling.uio.no/2025/04/07/0+sample-bling.json",
        expected.get("bling.uio.no/2025/04/07/0+sample-bling.json"),
        String::concat);
    Eventually.await(WAIT, "everything stored", () -> Trees.asText(Trees.read(data)).equals(expected));
  }

  @Test
  void storesOnceARequestResentThroughAnotherFrontEndWithItsIdempotencyKey() throws Exception {
    consume();
    String body = "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",\"cluster\":\"cl\",\"host\":\"h\","
        + "\"cores\":8,\"user\":\"u\",\"job\":1,\"cmd\":\"c\"}]";
    try (RawHttp one = new RawHttp(frontEnd().port()); RawHttp two = new RawHttp(frontEnd().port())) {
      assertThat(one.postJson("/sonar-reading", body, "Idempotency-Key: k1").status()).isEqualTo(200);
      assertThat(two.postJson("/sonar-reading", body, "Idempotency-Key: k1").status()).isEqualTo(200);
      assertThat(one.postJson("/sonar-reading", body, "Idempotency-Key: k1").status()).isEqualTo(200);
      assertThat(two.postJson("/sonar-reading", body.replace("\"job\":1", "\"job\":2"), "Idempotency-Key: k2").status())
          .isEqualTo(200);
    }
    Eventually.await(WAIT, "the second request stored", () -> stored("cl/2023/10/11/h.csv").contains("job=2"));
    assertThat(stored("cl/2023/10/11/h.csv").lines()).hasSize(2);
  }

  @Test
  void refusesARequestForSeveralClustersWith400() throws Exception {
    String body = "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",\"cluster\":\"a\",\"host\":\"h\"},"
        + "{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",\"cluster\":\"b\",\"host\":\"h\"}]";
    try (RawHttp http = new RawHttp(frontEnd().port())) {
      RawHttp.Response refused = http.postJson("/sonar-heartbeat", body);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).isEqualTo("a front end takes the records of one cluster per request, not of a, b\n");
    }
  }

  @Test
  void answers503AndSaysWhyOnPingWhileKafkaCannotTakeTheRequest() throws Exception {
    Metrics metrics = new Metrics(Clock.systemUTC(), "test");
    Publisher publisher = Publisher.start(KafkaSettings.builder("127.0.0.1:1").publish(true).build(), logs.log(),
        metrics);
    open.add(publisher);
    HttpServer server = serve(publisher, metrics);
    try (RawHttp http = new RawHttp(server.port())) {
      RawHttp.Response refused = http.postJson("/sonar-heartbeat",
          "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",\"cluster\":\"a\",\"host\":\"h\"}]");
      assertThat(refused.status()).isEqualTo(503);
      String reason = "cannot hand the request to Kafka: no answer from the brokers at 127.0.0.1:1 within 10 s";
      assertThat(refused.body()).isEqualTo(reason + "\n");
      RawHttp.Response ping = http.exchange("GET", "/ping", null, null);
      assertThat(ping.status()).isEqualTo(503);
      assertThat(ping.body()).isEqualTo(reason + "\n");
      assertThat(logs.lines()).containsExactly("WARNING kafka: " + reason + " (answering 503 until it works again)");
    }
  }

  /** A front end in this JVM, publishing under this test's prefix. */
  private HttpServer frontEnd() throws IOException {
    Metrics metrics = new Metrics(Clock.systemUTC(), "test");
    Publisher publisher = Publisher.start(KafkaSettings.builder(kafka.bootstrap()).topicPrefix(prefix).publish(true)
        .build(), logs.log(), metrics);
    open.add(publisher);
    return serve(publisher, metrics);
  }

  private HttpServer serve(Publisher publisher, Metrics metrics) throws IOException {
    RefusalLog refusals = new RefusalLog(logs.log(), Clock.systemUTC());
    StatusPage status = new StatusPage("test", "a front end", Clock.systemUTC(), metrics, publisher::problem,
        logs.log()::recentProblems, refusals::recent, publisher::render);
    HttpServer server = new HttpServer(RunningServer.HTTP, Access.everyone(), null, null, publisher,
        new Monitoring(metrics, status, refusals), logs.log(), /* dashboard= */ null);
    server.start();
    open.add(() -> server.close(Duration.ofSeconds(5)));
    return server;
  }

  /** The server that stores what the front ends publish. */
  private void consume() throws IOException {
    Metrics metrics = new Metrics(Clock.systemUTC(), "test");
    Store store = Store.open(data, StoreSettings.DEFAULTS, logs.log(), metrics);
    open.add(store);
    open.add(StreamConsumer.start(KafkaSettings.builder(kafka.bootstrap()).group(prefix).topicPrefix(prefix)
        .topicRefresh(Duration.ofSeconds(1)).build(), data, store, metrics, logs.log(), Clock.systemUTC()));
  }

  private static RawHttp.Response post(RawHttp http, Vector.Post post) throws IOException {
    return post.path().startsWith("/sonar-freecsv")
        ? http.exchange("POST", post.path(), post.body(), "text/csv")
        : http.postJson(post.path(), post.body());
  }

  private String stored(String path) {
    String content = Trees.asText(Trees.read(data)).get(path);
    return content == null ? "" : content;
  }
}
