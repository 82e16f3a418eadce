package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.testing.RawHttp;
import sonar.testkit.InfiltrateProcess;

/**
 * Regression: a few connections, each posting a gzip body of some 30 KB that inflates to an envelope of
 * 30 MB (within its limit), exhausted a heap of 256 MB: connections were dropped without an answer or a
 * log line, and the count of requests in flight leaked.
 */
class MemoryBudgetTest {

  private static final int CONNECTIONS = 16;
  private static final int ENVELOPE_BYTES = 30 << 20;

  @TempDir
  Path data;

  @Test
  void survivesSixteenConcurrentThirtyMegabyteEnvelopesInAQuarterGigabyteHeap() throws Exception {
    byte[] body = gzip(envelope(ENVELOPE_BYTES));
    assertThat(body.length).isLessThan(64 << 10);
    ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);
    try (InfiltrateProcess server = InfiltrateProcess.start("-data-path", data.toString(), "-port", "0")) {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        answers.add(senders.submit(() -> post(server.port(), body)));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get(120, TimeUnit.SECONDS));
      }
      assertThat(statuses).as(String.join("\n", server.stderr()))
          .allMatch(status -> status == 200 || status == 503).contains(200);
      try (RawHttp http = new RawHttp(server.port())) {
        String metrics = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!metrics.contains("\ninfiltrate_requests_in_flight 0.0\n") && System.nanoTime() < deadline) {
          metrics = http.exchange("GET", "/metrics", null, null).body();
        }
        assertThat(metrics).contains("\ninfiltrate_requests_in_flight 0.0\n", "\ninfiltrate_body_memory_bytes 0.0\n");
        assertThat(http.exchange("GET", "/ping", null, null).status()).isEqualTo(200);
      }
      assertThat(server.stderr()).noneMatch(line -> line.contains("OutOfMemoryError") || line.contains(" ERROR "));
    } finally {
      senders.shutdownNow();
    }
  }

  private static int post(int port, byte[] body) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response response = http.exchange("POST", "/api/v1/insert/job", body, "application/json",
          "Content-Encoding: gzip");
      if (response.status() == 503) {
        assertThat(response.header("Retry-After")).isNotNull();
      }
      return response.status();
    }
  }

  /**
   * A Slurm job message of about the given size, all of it to be stored: jobs whose names are a megabyte
   * of one letter, which gzip squeezes about a thousandfold.
   */
  private static byte[] envelope(int bytes) {
    StringBuilder message = new StringBuilder(bytes + 1024).append("{\"meta\":{\"producer\":\"sonar\"},\"data\":{"
        + "\"type\":\"job\",\"attributes\":{\"time\":\"2026-12-01T03:56:04+00:00\",\"cluster\":\"c\",\"slurm_jobs\":[");
    String name = "x".repeat(1 << 20);
    for (int job = 1; message.length() < bytes; job++) {
      message.append(job == 1 ? "" : ",").append("{\"job_id\":").append(job).append(",\"job_name\":\"").append(name)
          .append("\"}");
    }
    return message.append("]}}}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }
}
