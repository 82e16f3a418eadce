package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;
import sonar.testkit.InfiltrateProcess;

/**
 * A real full disk (a small tmpfs, so the test needs root and is skipped without it): requests get 503
 * with Retry-After, /ping says so, the log says it once, and once space is freed the server recovers by
 * itself with every acknowledged record stored once.
 */
class DiskFullTest {

  private static final Pattern JOB = Pattern.compile(",job=(\\d+),");

  @TempDir
  Path temp;
  private Path data;
  private final List<Path> alsoMounted = new ArrayList<>();

  @BeforeEach
  void mountSmallDisk() throws Exception {
    data = Files.createDirectory(temp.resolve("disk"));
    assumeThat(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", data.toString()))
        .as("mounting a tmpfs needs root").isZero();
  }

  @AfterEach
  void unmount() throws Exception {
    for (Path mounted : alsoMounted) {
      run("umount", mounted.toString());
    }
    run("umount", data.toString());
  }

  /**
   * Pins the bug where, with data files that could not be written, the server said at its stop that
   * some data stayed in the journal, then "stopped; all data stored".
   */
  @Test
  void saysAtItsStopThatDataWaitsInTheJournalWhenItsFileCannotBeWritten() throws Exception {
    Path split = Files.createDirectory(temp.resolve("split"));
    Path day = Files.createDirectories(split.resolve("cl/2023/10/11"));
    assertThat(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", day.toString())).isZero();
    alsoMounted.add(day);
    Files.createFile(day.resolve("h0.csv"));
    Path filler = day.resolve("filler");
    fill(filler);
    try (InfiltrateProcess server = InfiltrateProcess.start("-data-path", split.toString(), "-port", "0");
        RawHttp http = new RawHttp(server.port())) {
      assertThat(http.postJson("/sonar-reading", batch(7)).status()).isEqualTo(200); // in the journal
      server.signal("TERM");
      assertThat(server.waitFor(Duration.ofSeconds(20))).isZero();
      assertThat(server.stderr()).noneMatch(line -> line.contains("all data stored"));
      assertThat(server.stderr().get(server.stderr().size() - 1)).endsWith(
          "WARNING stopped; some acknowledged data is only in the journal, and is written to its files at the next "
              + "start");
    }
    Files.delete(filler);
    try (InfiltrateProcess server = InfiltrateProcess.start("-data-path", split.toString(), "-port", "0")) {
      server.signal("TERM");
      assertThat(server.waitFor(Duration.ofSeconds(20))).isZero();
      assertThat(server.stderr().get(server.stderr().size() - 1)).endsWith("INFO stopped; all data stored");
    }
    assertThat(Files.readString(day.resolve("h0.csv"))).contains(",job=7,").contains(",job=16,");
  }

  /** Writes to a file until the disk it is on is full. */
  private static void fill(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] block = new byte[4096];
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException e) {
      if (!"No space left on device".equals(e.getMessage()) && !(e instanceof FileSystemException)) {
        throw e;
      }
    }
  }

  @Test
  void answers503WhileTheDiskIsFullAndRecoversByItselfLosingNothingAcknowledged() throws Exception {
    Path filler = data.resolve("filler");
    StoreSettings settings = StoreSettings.builder().maxOpenFiles(64).segmentBytes(64 * 1024)
        .checkpointInterval(Duration.ofMillis(200)).maxQueuedBytes(1 << 20).retryDelay(Duration.ofMillis(50)).build();
    Set<Long> acknowledged = new HashSet<>();
    try (RunningServer server = new RunningServer(data, RunningServer.HTTP, settings);
        RawHttp http = server.connect()) {
      // Full to the last page once the journal has its segment: a record may still fit in that segment's
      // page, but a new segment cannot be made, so no checkpoint frees anything until the filler goes.
      // (Space freed by a checkpoint while the test ran made the server recover early, and rightly so.)
      fill(filler);
      long job = 0;
      RawHttp.Response refused = null;
      while (refused == null && job < 100_000) {
        RawHttp.Response response = http.postJson("/sonar-reading", batch(job));
        if (response.status() == 200) {
          for (int i = 0; i < 10; i++) {
            acknowledged.add(job + i);
          }
        } else {
          refused = response;
        }
        job += 10;
      }
      assertThat(refused).isNotNull();
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isEqualTo("10");
      assertThat(refused.body()).isEqualTo("cannot store data now: No space left on device\n");
      for (int i = 0; i < 20; i++) { // keeps failing, logged once
        assertThat(http.postJson("/sonar-reading", batch(job + 10_000 * (i + 1))).status()).isEqualTo(503);
      }
      RawHttp.Response ping = http.exchange("GET", "/ping", null, null);
      assertThat(ping.status()).isEqualTo(503);
      assertThat(ping.body()).isEqualTo("cannot store data now: No space left on device\n");

      Files.delete(filler);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (http.exchange("GET", "/ping", null, null).status() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(http.exchange("GET", "/ping", null, null).status()).isEqualTo(200);
      assertThat(http.postJson("/sonar-reading", batch(1_000_000)).status()).isEqualTo(200);
      for (int i = 0; i < 10; i++) {
        acknowledged.add(1_000_000L + i);
      }
      List<String> warnings = server.log.lines().stream().filter(line -> line.startsWith("WARNING")).toList();
      assertThat(warnings).singleElement().asString()
          .startsWith("WARNING storage failing: ")
          .endsWith("No space left on device (answering 503 until it recovers)");
      assertThat(server.log.lines()).anySatisfy(line -> assertThat(line).startsWith("INFO storage recovered after "));
    }
    Map<Long, Integer> stored = storedJobs();
    assertThat(stored.keySet()).containsAll(acknowledged);
    assertThat(stored.values()).allSatisfy(copies -> assertThat(copies).isEqualTo(1));
  }

  private static String batch(long firstJob) {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 10; i++) {
      body.append(i == 0 ? "" : ",").append("{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",")
          .append("\"cluster\":\"cl\",\"host\":\"h").append(i % 3).append("\",\"cores\":8,\"user\":\"u\",")
          .append("\"job\":").append(firstJob + i).append(",\"cmd\":\"").append("c".repeat(200)).append("\"}");
    }
    return body.append("]").toString();
  }

  private Map<Long, Integer> storedJobs() throws IOException {
    Map<Long, Integer> jobs = new HashMap<>();
    try (Stream<Path> files = Files.walk(data.resolve("cl"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = Files.readString(file);
        assertThat(content).endsWith("\n");
        for (String line : content.split("\n")) {
          Matcher job = JOB.matcher(line);
          assertThat(job.find()).as(line).isTrue();
          assertThat(line).endsWith(",rolledup=0");
          jobs.merge(Long.parseLong(job.group(1)), 1, Integer::sum);
        }
      }
    }
    return jobs;
  }

  private static int run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor();
  }
}
