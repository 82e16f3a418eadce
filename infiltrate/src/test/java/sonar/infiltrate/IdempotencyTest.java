package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;
import sonar.testkit.Trees;

/** A request with an Idempotency-Key is stored once, however often and however concurrently it is sent. */
class IdempotencyTest {

  private static final String READING = "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\","
      + "\"cluster\":\"cl\",\"host\":\"h\",\"cores\":8,\"user\":\"u\",\"job\":7,\"cmd\":\"c\",\"cpu%\":1.5}]";
  private static final String SAMPLE = "{\"meta\":{\"producer\":\"sonar\"},\"data\":{\"type\":\"sample\","
      + "\"attributes\":{\"time\":\"2025-04-07T13:53:24+02:00\",\"cluster\":\"c\",\"node\":\"n\",\"load\":1.5}}}";

  private static final String KEY_OF_129 =
      "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk";

  @TempDir
  Path data;

  @Test
  void answersAResentRequestAsTheFirstTimeAndStoresItOnce() throws Exception {
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      for (int i = 0; i < 3; i++) {
        RawHttp.Response reading = http.postJson("/sonar-reading", READING, "Idempotency-Key: n1-000042-9f3a");
        assertThat(reading.status()).isEqualTo(200);
        assertThat(reading.body()).isEmpty();
        RawHttp.Response sample = http.postJson("/api/v1/insert/sample", SAMPLE, "Idempotency-Key: n1-000043-77b0");
        assertThat(sample.status()).isEqualTo(200);
        assertThat(sample.header("Content-Type")).isEqualTo("application/json");
        assertThat(sample.body()).isEqualTo(
            "{\"cluster\":\"c\",\"node\":\"n\",\"topic\":\"sample\",\"time\":\"2025-04-07T13:53:24+02:00\"}");
      }
      assertThat(http.exchange("GET", "/metrics", null, null).body())
          .contains("infiltrate_duplicate_requests_total 4.0")
          .contains("infiltrate_idempotency_keys 2.0");
    }
    assertThat(Files.readAllLines(data.resolve("cl/2023/10/11/h.csv"))).hasSize(1);
    assertThat(Files.readAllLines(data.resolve("c/2025/04/07/0+sample-n.json"))).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "too long | Idempotency-Key: " + KEY_OF_129
          + " | Idempotency-Key is 129 characters long; at most 128 are allowed",
      // HTTP header bytes are read one character each: the first byte of the UTF-8 for é is 0xc3
      "not ASCII | Idempotency-Key: n1-\u00e9 | Idempotency-Key must be printable ASCII, but character 4 is \\u00c3",
  })
  void refusesABadKeyWith400(String what, String header, String message) throws Exception {
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      RawHttp.Response refused = http.postJson("/sonar-reading", READING, header);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).isEqualTo(message + "\n");
    }
    assertThat(Trees.read(data)).isEmpty();
  }

  @Test
  void storesOnceWhatSeveralConnectionsSendAtOnceWithOneKey() throws Exception {
    int connections = 8;
    try (RunningServer server = new RunningServer(data)) {
      ExecutorService senders = Executors.newFixedThreadPool(connections);
      try {
        for (int round = 0; round < 20; round++) {
          String key = "Idempotency-Key: round-" + round;
          String body = READING.replace("\"job\":7", "\"job\":" + round);
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Integer>> statuses = new ArrayList<>();
          for (int i = 0; i < connections; i++) {
            statuses.add(senders.submit(() -> {
              try (RawHttp http = server.connect()) {
                go.await();
                return http.postJson("/sonar-reading", body, key).status();
              }
            }));
          }
          go.countDown();
          for (Future<Integer> status : statuses) {
            assertThat(status.get(30, TimeUnit.SECONDS)).isEqualTo(200);
          }
        }
      } finally {
        senders.shutdownNow();
      }
    }
    List<String> lines = Files.readAllLines(data.resolve("cl/2023/10/11/h.csv"));
    assertThat(lines).hasSize(20);
    assertThat(lines.stream().map(line -> line.replaceAll(".*,job=(\\d+),.*", "$1")).distinct()).hasSize(20);
  }
}
