package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;
import static sonar.exfiltrate.EndToEndTest.freePort;
import static sonar.exfiltrate.EndToEndTest.spoolFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.ScriptedServer;

/** Runs that share a spool: the lock, the size bound, the age warning, dry runs. */
class SpoolRunsTest {

  @TempDir
  Path dir;

  @Test
  void aSecondRunAtOnceLeavesItsBatchesToTheFirstAndNothingIsSentTwice() throws Exception {
    Runner runner = new Runner(dir);
    try (ScriptedServer server = ScriptedServer.http()) {
      server.holdNext();
      CompletableFuture<Exfiltrate> first = CompletableFuture.supplyAsync(
          () -> runner.send(server.url(), Runner.readings(1, 15)));
      server.awaitHeld(); // the first run holds the lock and waits for its first answer

      Exfiltrate second = runner.send(server.url(), Runner.readings(16, 20), "-v");
      assertThat(second.status()).isZero();
      assertThat(second.errLines().subList(1, second.errLines().size())).containsExactly(
          "exfiltrate: spooled " + (41 + Runner.readings(16, 20).length()) + " bytes in "
              + runner.spool.resolve("1709287200000-0001002-000000.input"),
          "exfiltrate: another run holds the lock of spool " + runner.spool + "; it or the next run sends");

      server.open();
      Exfiltrate done = first.get(30, TimeUnit.SECONDS);
      assertThat(done.status()).isZero();
      assertThat(done.err()).isEmpty();
      // The first run found the second's batch when it listed the spool again.
      assertThat(server.requests()).map(request -> pids(request.text())).containsExactly(
          "1-10", "11-15", "16-20");
      assertThat(spoolFiles(runner.spool)).isEmpty();
    }
  }

  @Test
  void pastItsSizeBoundTheSpoolDropsTheOldestFilesAndSaysSo() throws Exception {
    Runner runner = new Runner(dir);
    String target = "http://127.0.0.1:" + freePort();
    runner.send(target, Runner.readings(1, 20));
    List<Path> first = spoolFiles(runner.spool);
    long firstBytes = Files.size(first.get(0));
    runner.clock.advance(Duration.ofMinutes(5));
    runner.send(target, Runner.readings(21, 40));
    long bound = firstBytes + 10;

    Exfiltrate run = runner.send(target, "", "-spool-max-bytes", Long.toString(bound));

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("exfiltrate: spool " + runner.spool + " is over -spool-max-bytes " + bound
        + ": dropped the 1 oldest file (" + firstBytes + " bytes) spooled from 2024-03-01T10:00:00Z"
        + " to 2024-03-01T10:00:00Z\n");
    assertThat(spoolFiles(runner.spool)).hasSize(1).doesNotContainAnyElementsOf(first);
  }

  @Test
  void aSpoolOlderThanADaySaysSoInOneLineButIsNoFailure() throws Exception {
    Runner runner = new Runner(dir);
    String target = "http://127.0.0.1:" + freePort();
    runner.send(target, Runner.readings(1, 5));
    runner.clock.advance(Duration.ofHours(23));

    assertThat(runner.send(target, Runner.readings(6, 10)).err()).isEmpty();
    runner.clock.advance(Duration.ofHours(2));
    Exfiltrate run = runner.send(target, Runner.readings(11, 15));

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEqualTo("exfiltrate: the oldest data in spool " + runner.spool + " was spooled at "
        + "2024-03-01T10:00:00Z, 25 hours ago, and is not yet delivered to " + target + "\n");
  }

  @Test
  void withoutATargetPrintsEachBodyOnALineAndSpoolsNothing() throws Exception {
    Runner runner = new Runner(dir);

    Exfiltrate run = runner.send(null, Runner.readings(1, 12)
        + "v=0.7.0,time=2024-03-01T09:55:00+00:00,host=n1,user=_sonar_,cmd=_heartbeat_\n");

    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines()).hasSize(3);
    assertThat(run.out().lines().map(SpoolRunsTest::pids)).containsExactly("1-10", "11-12", "");
    assertThat(run.out().lines().toList().get(2)).isEqualTo("[{\"version\":\"0.7.0\",\"time\":"
        + "\"2024-03-01T09:55:00+00:00\",\"cluster\":\"cl1\",\"host\":\"n1\"}]");
    assertThat(Files.exists(runner.spool)).isFalse();
  }

  @Test
  void aSpoolThatCannotBeWrittenSendsFromMemoryAndSaysSo() throws Exception {
    Runner runner = new Runner(dir);
    Files.writeString(runner.spool, "a file where the spool directory should be");
    try (ScriptedServer server = ScriptedServer.http()) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 3));

      assertThat(run.status()).isEqualTo(1);
      assertThat(run.errLines()).hasSize(2);
      assertThat(run.errLines().get(0)).startsWith("exfiltrate: cannot spool: cannot create spool directory "
          + runner.spool);
      assertThat(run.errLines().get(0)).endsWith("; sending without the spool");
      assertThat(run.errLines().get(1)).startsWith("exfiltrate: cannot use spool " + runner.spool);
      assertThat(server.requests()).hasSize(1);
    }
  }

  /** An upgrade loses nothing: the batch files that earlier versions spooled are sent as they are. */
  @Test
  void sendsTheBatchFilesThatEarlierVersionsSpooled() throws Exception {
    Runner runner = new Runner(dir);
    Files.createDirectories(runner.spool);
    String body = "[{\"version\":\"0.7.0\",\"time\":\"2024-03-01T09:55:00+00:00\",\"cluster\":\"cl1\",\"host\":\"n1\","
        + "\"cores\":0,\"user\":\"alice\",\"pid\":7,\"cmd\":\"sim\"}]";
    Files.writeString(runner.spool.resolve("1709280000000-0011111-000003.batch"), "/sonar-reading application/json 1\n"
        + body);
    try (ScriptedServer server = ScriptedServer.http()) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(8, 9));

      assertThat(run.status()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(server.requests()).extracting(ScriptedServer.Request::text, ScriptedServer.Request::idempotencyKey)
          .first().isEqualTo(org.assertj.core.groups.Tuple.tuple(body,
              sonar.exfiltrate.send.IdempotencyKey.of(Runner.HOST, "1709280000000-0011111-000003.batch", 0,
                  body.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      assertThat(server.requests()).extracting(request -> pids(request.text())).containsExactly("7-7", "8-9");
      assertThat(spoolFiles(runner.spool)).isEmpty();
    }
  }

  @Test
  void aRunWhoseInputTheLauncherSpooledSendsItWithoutReadingStdinOrWaiting() throws Exception {
    Runner runner = new Runner(dir);
    Files.createDirectories(runner.spool);
    Path input = Files.writeString(runner.spool.resolve("1709287200000-0004242-000000.input"),
        "exfiltrate-input output=json cluster=cl1\n" + Runner.readings(1, 3));
    runner.environment = java.util.Map.of("EXFILTRATE_SPOOLED_INPUT", input.toString());
    try (ScriptedServer server = ScriptedServer.http()) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(100, 101), "-window", "300");

      assertThat(run.status()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(server.requests()).extracting(request -> pids(request.text())).containsExactly("1-3");
      assertThat(runner.clock.instant()).as("no wait: the launcher waited").isEqualTo(Runner.START);

      // Another run, holding the lock meanwhile, may have sent it already: nothing to say then.
      Exfiltrate late = runner.send(server.url(), new byte[0], "-window", "300");
      assertThat(late.status()).isZero();
      assertThat(late.err()).isEmpty();
      assertThat(server.requests()).hasSize(1);
    }
  }

  /** The pids in a JSON body, in order. */
  static List<Integer> jsonPids(String body) {
    java.util.regex.Matcher pid = java.util.regex.Pattern.compile("\"pid\":(\\d+)").matcher(body);
    List<Integer> pids = new java.util.ArrayList<>();
    while (pid.find()) {
      pids.add(Integer.parseInt(pid.group(1)));
    }
    return pids;
  }

  /** "first-last" of the pids in a body, or "" when it has none. */
  static String pids(String body) {
    java.util.regex.Matcher pid = java.util.regex.Pattern.compile("\"pid\":(\\d+)").matcher(body);
    String first = null;
    String last = null;
    while (pid.find()) {
      first = first == null ? pid.group(1) : first;
      last = pid.group(1);
    }
    return first == null ? "" : first + "-" + last;
  }
}
