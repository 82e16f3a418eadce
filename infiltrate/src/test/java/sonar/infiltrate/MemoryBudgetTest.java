package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  /** The default of -max-envelope-bytes. */
  private static final int MAX_ENVELOPE_BYTES = 32 << 20;
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

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

  /**
   * The launcher's heap, its options as they are: a lone envelope at the largest size, of text gzip cannot
   * squeeze, is stored, compressed or not; then many such, compressed, and many that inflate a
   * thousandfold at once are answered 200 or 503, and the server, which exits when out of memory, stays
   * up.
   */
  @Test
  void storesALoneLargestEnvelopeAndSurvivesManyAtOnceInTheLaunchersHeap() throws Exception {
    byte[] random = envelope(MAX_ENVELOPE_BYTES - 1024, randomName());
    byte[] randomGzip = gzip(random);
    byte[] squeezed = gzip(envelope(ENVELOPE_BYTES));
    ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);
    try (InfiltrateProcess server = InfiltrateProcess.startWithJvmOptions(launcherOptions(),
        "-data-path", data.toString(), "-port", "0")) {
      assertThat(post(server.port(), random, null)).as(String.join("\n", server.stderr())).isEqualTo(200);
      assertThat(post(server.port(), randomGzip, "gzip")).as(String.join("\n", server.stderr())).isEqualTo(200);
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        byte[] body = i % 2 == 0 ? randomGzip : squeezed; // a plain one refused by its length is cut off
        answers.add(senders.submit(() -> post(server.port(), body, "gzip")));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get(120, TimeUnit.SECONDS)).as(String.join("\n", server.stderr())).isIn(200, 503);
      }
      assertThat(post(server.port(), squeezed, "gzip")).as(String.join("\n", server.stderr())).isEqualTo(200);
      assertThat(server.stderr()).noneMatch(line -> line.contains("OutOfMemoryError") || line.contains(" ERROR "));
    } finally {
      senders.shutdownNow();
    }
  }

  /** The JVM options of bin/infiltrate, and the exit on running out of memory it always adds. */
  private static List<String> launcherOptions() throws IOException {
    String launcher = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("bin/infiltrate"));
    Matcher options = Pattern.compile("\nopts=\\$\\{JAVA_OPTS:-([^}]*)}").matcher(launcher);
    assertThat(options.find()).as("the options line of bin/infiltrate").isTrue();
    List<String> jvm = new ArrayList<>(List.of("-XX:+ExitOnOutOfMemoryError"));
    jvm.addAll(List.of(options.group(1).split(" ")));
    return jvm;
  }

  private static int post(int port, byte[] body) throws IOException {
    return post(port, body, "gzip");
  }

  /** @param encoding the Content-Encoding, null for none */
  private static int post(int port, byte[] body, String encoding) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response response = encoding == null
          ? http.exchange("POST", "/api/v1/insert/job", body, "application/json")
          : http.exchange("POST", "/api/v1/insert/job", body, "application/json", "Content-Encoding: " + encoding);
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
    return envelope(bytes, "x".repeat(1 << 20));
  }

  /** A name of a megabyte of random letters and digits, which gzip squeezes little. */
  private static String randomName() {
    Random random = new Random(1);
    StringBuilder name = new StringBuilder(1 << 20);
    for (int i = 0; i < 1 << 20; i++) {
      name.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
    }
    return name.toString();
  }

  /** A Slurm job message of about the given size, its jobs named as given, all of it to be stored. */
  private static byte[] envelope(int bytes, String name) {
    StringBuilder message = new StringBuilder(bytes + 1024).append("{\"meta\":{\"producer\":\"sonar\"},\"data\":{"
        + "\"type\":\"job\",\"attributes\":{\"time\":\"2026-12-01T03:56:04+00:00\",\"cluster\":\"c\",\"slurm_jobs\":[");
    for (int job = 1; message.length() + name.length() + 64 < bytes; job++) {
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
