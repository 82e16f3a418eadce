package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;
import static sonar.exfiltrate.EndToEndTest.batchFiles;
import static sonar.exfiltrate.EndToEndTest.storedPids;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.send.Sleeper;
import sonar.exfiltrate.testing.Infiltrate;

/**
 * The real program in processes of its own, killed with SIGKILL at random moments: before spooling,
 * while waiting its random time, while sending. Whatever a run had spooled is delivered by a later run;
 * only the batch that a killed run had sent and not yet deleted (answered or not) arrives twice, so at
 * most one batch per kill.
 */
class KillTest {

  private static final int RUNS = 6;
  private static final int RECORDS_PER_RUN = 300;

  @TempDir
  Path dir;

  @Test
  void aRunKilledAtAnyMomentLeavesEachSpooledBatchDeliveredOrSpooled() throws Exception {
    SplittableRandom random = new SplittableRandom();
    Path spool = dir.resolve("spool");
    List<Boolean> spooled = new ArrayList<>();
    try (Infiltrate server = new Infiltrate(dir.resolve("data"), 0, null)) {
      for (int run = 0; run < RUNS; run++) {
        int first = run * RECORDS_PER_RUN + 1;
        // Most runs die after spooling (waiting or sending); some at any moment from their start.
        boolean early = run % 3 == 2;
        spooled.add(killedRun(server.url(), spool, Runner.readings(first, first + RECORDS_PER_RUN - 1), early,
            random.nextInt(early ? 400 : 1500)));
      }
      Node node = new Node(Map.of(), false, dir, 1, Clock.systemUTC(), random, Sleeper.SYSTEM);
      int status = Main.run(new String[] {"-window", "0", "-cluster", "cl1", "-target", server.url(),
          "-spool-dir", spool.toString()}, java.io.InputStream.nullInputStream(), System.out, System.err, node);
      assertThat(status).isZero();
      assertThat(batchFiles(spool)).isEmpty();

      Map<Integer, Integer> copies = new HashMap<>();
      for (int pid : storedPids(server.tree())) {
        copies.merge(pid, 1, Integer::sum);
      }
      int duplicatedBatches = 0;
      for (int run = 0; run < RUNS; run++) {
        for (int pid = run * RECORDS_PER_RUN + 1; pid <= (run + 1) * RECORDS_PER_RUN; pid++) {
          int stored = copies.getOrDefault(pid, 0);
          if (spooled.get(run)) {
            assertThat(stored).as("copies of pid %d of run %d, which had spooled", pid, run).isBetween(1, 2);
          }
          assertThat(stored).as("copies of pid %d", pid).isLessThanOrEqualTo(2);
          // Batches hold pids 1-10, 11-20, ...: a batch sent twice is sent twice whole.
          assertThat(stored).as("copies of pid %d, like the first of its batch", pid)
              .isEqualTo(copies.getOrDefault(pid - (pid - 1) % Batches.MAX_RECORDS, 0));
          duplicatedBatches += stored == 2 && (pid - 1) % Batches.MAX_RECORDS == 0 ? 1 : 0;
        }
      }
      assertThat(duplicatedBatches).as("batches sent twice").isLessThanOrEqualTo(RUNS);
    }
  }

  /** @return whether the run had spooled its input when it was killed */
  private static boolean killedRun(String target, Path spool, String input, boolean fromStart, int killAfterMillis)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "-window", "1", "-cluster", "cl1",
        "-target", target, "-spool-dir", spool.toString(), "-v")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    CountDownLatch spooledLine = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("exfiltrate: spooled ")) {
            spooledLine.countDown();
          }
        }
      } catch (IOException e) {
        // Killed: its stderr ends.
      }
    });
    reader.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    if (!fromStart) {
      assertThat(spooledLine.await(30, TimeUnit.SECONDS)).as("the run spooled").isTrue();
    }
    Thread.sleep(killAfterMillis); // the random moment of the kill, not a wait for something
    process.destroyForcibly(); // SIGKILL
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);
    return spooledLine.getCount() == 0;
  }
}
