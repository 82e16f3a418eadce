package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;
import static sonar.exfiltrate.EndToEndTest.spoolFiles;
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
import sonar.exfiltrate.batch.Batches;
import sonar.exfiltrate.send.Sleeper;
import sonar.exfiltrate.testing.Infiltrate;
import sonar.exfiltrate.testing.ScriptedServer;

/**
 * The real program in processes of its own, killed with SIGKILL at random moments: while it spools (its
 * stdin half written, or just closed) and while it sends. Every record that a killed run had spooled (it
 * says so with -v) is stored in the end, sent by a later run; a run killed while spooling loses only its
 * own stdin, which it never acknowledged. A kill while a batch is in flight makes a later run send that
 * batch again under the same idempotency key: a server that honours the key stores it once.
 */
class KillTest {

  private static final int KILLS = 20;
  private static final int RECORDS_PER_RUN = 1000;

  @TempDir
  Path dir;

  private final SplittableRandom random = new SplittableRandom();

  @Test
  void twentyKillsWhileSpoolingAndSendingLoseNothingSpooledAndStoreEachRecordOnce() throws Exception {
    Path spool = dir.resolve("spool");
    try (Infiltrate server = new Infiltrate(dir.resolve("data"), 0, null)) {
      List<Killed> runs = killedRuns(server.url(), spool, KILLS);
      drain(server.url(), spool);

      Map<Integer, Integer> copies = count(storedPids(server.tree()));
      for (int run = 0; run < runs.size(); run++) {
        for (int pid = first(run); pid < first(run + 1); pid++) {
          int stored = copies.getOrDefault(pid, 0);
          if (runs.get(run).spooled()) {
            assertThat(stored).as("copies of pid %d of run %d, which had spooled", pid, run).isEqualTo(1);
          } else { // killed before it said so: its stdin may be lost, never stored twice
            assertThat(stored).as("copies of pid %d of run %d", pid, run).isLessThanOrEqualTo(1);
          }
        }
      }
      // Only a run that had spooled was sending when killed.
      assertThat(runs).filteredOn(run -> run.moment() == Moment.SENDING).allMatch(Killed::spooled);
      assertThat(runs).filteredOn(run -> run.moment() == Moment.HALF_WRITTEN).noneMatch(Killed::spooled);
    }
  }

  @Test
  void withAServerThatHonoursIdempotencyKeysARunKilledAfterTheServerStoredABatchStoresNothingTwice()
      throws Exception {
    Path spool = dir.resolve("spool");
    try (ScriptedServer server = ScriptedServer.http().deduplicating()) {
      List<Killed> runs = new ArrayList<>();
      for (int run = 0; run < KILLS / 2; run++) {
        // The server stores a batch and the run is killed before the answer: a later run sends it again.
        server.hold(random.nextInt(RECORDS_PER_RUN / Batches.MAX_RECORDS));
        runs.add(killedRun(server.url(), spool, first(run), Moment.WHILE_ANSWER_HELD, server));
        server.open();
      }
      drain(server.url(), spool);

      Map<Integer, Integer> copies = new HashMap<>();
      for (ScriptedServer.Request stored : server.stored()) {
        for (int pid : SpoolRunsTest.jsonPids(stored.text())) {
          copies.merge(pid, 1, Integer::sum);
        }
      }
      for (int run = 0; run < runs.size(); run++) {
        for (int pid = first(run); pid < first(run + 1); pid++) {
          assertThat(copies.getOrDefault(pid, 0)).as("copies of pid %d of run %d", pid, run).isEqualTo(1);
        }
      }
      assertThat(server.requests().size() - server.stored().size()).as("batches sent again after a kill")
          .isGreaterThanOrEqualTo(KILLS / 2);
    }
  }

  /** When a run is killed. */
  private enum Moment {
    /** Its stdin half written and still open: it is reading. */
    HALF_WRITTEN,
    /** Its stdin just closed: it is copying the rest, forcing, renaming, or has just begun to send. */
    JUST_CLOSED,
    /** Once it said it spooled: it is sending, its own input or earlier runs' leftovers. */
    SENDING,
    /** While the server holds the answer to a batch it has stored. */
    WHILE_ANSWER_HELD
  }

  /** A killed run: when it was killed, and whether it had said that it spooled its input. */
  private record Killed(Moment moment, boolean spooled) {}

  private List<Killed> killedRuns(String target, Path spool, int kills) throws IOException, InterruptedException {
    List<Killed> runs = new ArrayList<>();
    for (int run = 0; run < kills; run++) {
      Moment moment = run % 2 == 1 ? Moment.SENDING : run % 4 == 0 ? Moment.HALF_WRITTEN : Moment.JUST_CLOSED;
      runs.add(killedRun(target, spool, first(run), moment, null));
    }
    return runs;
  }

  private static int first(int run) {
    return run * RECORDS_PER_RUN + 1;
  }

  /** A last run, not killed, sends what the killed ones left. */
  private void drain(String target, Path spool) {
    // The killed runs' host name, which is in the keys of the batches they sent.
    Node node = new Node(Map.of(), "alice", dir, Node.system().host(), 1, Clock.systemUTC(), random, Sleeper.SYSTEM);
    int status = Main.run(new String[] {"-window", "0", "-cluster", "cl1", "-target", target, "-spool-dir",
        spool.toString()}, java.io.InputStream.nullInputStream(), System.out, System.err, node);
    assertThat(status).isZero();
    try {
      assertThat(spoolFiles(spool)).isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Starts a run on readings with pids first to first + RECORDS_PER_RUN - 1 and kills it at the moment. */
  private Killed killedRun(String target, Path spool, int first, Moment moment, ScriptedServer holding)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "-window", "0", "-cluster", "cl1",
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
    byte[] input = Runner.readings(first, first + RECORDS_PER_RUN - 1).getBytes(StandardCharsets.UTF_8);
    OutputStream stdin = process.getOutputStream();
    // The sleeps below are the random moments of the kills, not waits for something.
    switch (moment) {
      case HALF_WRITTEN -> {
        stdin.write(input, 0, random.nextInt(input.length));
        stdin.flush();
        Thread.sleep(random.nextInt(300)); // the JVM starting, or reading what it has
      }
      case JUST_CLOSED -> {
        stdin.write(input);
        stdin.close();
        Thread.sleep(random.nextInt(40));
      }
      case SENDING -> {
        stdin.write(input);
        stdin.close();
        assertThat(spooledLine.await(60, TimeUnit.SECONDS)).as("the run spooled").isTrue();
        Thread.sleep(random.nextInt(400));
      }
      case WHILE_ANSWER_HELD -> {
        stdin.write(input);
        stdin.close();
        holding.awaitHeld();
      }
    }
    process.destroyForcibly(); // SIGKILL
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(10_000);
    try {
      stdin.close();
    } catch (IOException e) {
      // The pipe's reader is gone.
    }
    return new Killed(moment, spooledLine.getCount() == 0);
  }

  private static Map<Integer, Integer> count(List<Integer> pids) {
    Map<Integer, Integer> copies = new HashMap<>();
    for (int pid : pids) {
      copies.merge(pid, 1, Integer::sum);
    }
    return copies;
  }
}
