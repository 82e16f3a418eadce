package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;
import static sonar.exfiltrate.EndToEndTest.answerOf;
import static sonar.exfiltrate.EndToEndTest.spoolFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.ScriptedServer;
import sonar.exfiltrate.testing.ScriptedServer.Response;

/** What the sender does with each kind of answer, against a scripted server. */
class RetryTest {

  @TempDir
  Path dir;

  @Test
  void retriesAfter503AndThenDeliversSilently() throws Exception {
    Runner runner = new Runner(dir);
    try (ScriptedServer server = ScriptedServer.http().answer(Response.of(503,
        "the server is busy; try again shortly"))) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 3));

      assertThat(run.status()).isZero();
      assertThat(run.err()).isEmpty();
      List<ScriptedServer.Request> requests = server.requests();
      assertThat(requests).hasSize(2);
      assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
      // The first backoff is between half a second and a second, on the run's clock.
      assertThat(Duration.between(Runner.START, runner.clock.instant()))
          .isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
      assertThat(spoolFiles(runner.spool)).isEmpty();
    }
  }

  @Test
  void retriesAfter503ButNotAfter400WhichSetsTheBatchAsideAndGoesOn() throws Exception {
    Runner runner = new Runner(dir);
    try (ScriptedServer server = ScriptedServer.http().answer(Response.of(503, "busy"),
        Response.of(400, "record 2: bad time \"2024-02-30T00:00:00Z\": day out of range\n"))) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 12));

      assertThat(run.status()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("exfiltrate: " + server.url() + " refused 1 batch (10 records) with 400 "
          + "\"record 2: bad time \"2024-02-30T00:00:00Z\": day out of range\"; set aside in "
          + runner.spool.resolve("rejected") + "\n");
      assertThat(server.requests()).hasSize(3); // the refused batch twice, the next one once
      assertThat(spoolFiles(runner.spool)).isEmpty();
      List<Path> rejected = spoolFiles(runner.spool.resolve("rejected"));
      assertThat(rejected).hasSize(1);
      assertThat(Files.readString(rejected.get(0))).startsWith("/sonar-reading application/json 10\n[{");
      assertThat(Files.exists(answerOf(rejected.get(0)))).isTrue();
    }
  }

  @Test
  void givesUpQuietlyAfterFiveFailuresInARowAndKeepsEverythingSpooled() throws Exception {
    Runner runner = new Runner(dir);
    Response busy = Response.of(503, "busy");
    try (ScriptedServer server = ScriptedServer.http().answer(busy, busy, busy, busy, busy, busy, busy)) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 25));

      assertThat(run.status()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(server.requests()).hasSize(5);
      assertThat(spoolFiles(runner.spool)).hasSize(1); // the input, none of its batches done
    }
  }

  @Test
  void waitsAsLongAsRetryAfterAsksButNotPastTheRunsTimeBound() throws Exception {
    Runner runner = new Runner(dir);
    try (ScriptedServer server = ScriptedServer.http().answer(new Response(429, "slow down", "20"),
        new Response(503, "down for maintenance", "3600"))) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 3), "-max-time", "60");

      assertThat(run.status()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(server.requests()).hasSize(2);
      assertThat(Duration.between(Runner.START, runner.clock.instant())).isEqualTo(Duration.ofSeconds(20));
      assertThat(spoolFiles(runner.spool)).hasSize(1);
    }
  }

  @Test
  void stopsAtAnAnswerItDoesNotExpectAndSaysSo() throws Exception {
    Runner runner = new Runner(dir);
    try (ScriptedServer server = ScriptedServer.http().answer(Response.of(415, "unsupported Content-Type"))) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 25));

      assertThat(run.status()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("exfiltrate: " + server.url() + " answered 415 \"unsupported Content-Type\", "
          + "which this sender does not expect; 1 file waits in spool " + runner.spool + "\n");
      assertThat(server.requests()).hasSize(1);
    }
  }

  @Test
  void verboseRunsSayWhatWasSpooledAndDelivered() throws Exception {
    Runner runner = new Runner(dir);
    try (ScriptedServer server = ScriptedServer.http()) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 12), "-v");

      assertThat(run.status()).isZero();
      List<String> lines = run.errLines().subList(1, run.errLines().size());
      assertThat(run.errLines().get(0)).isEqualTo("exfiltrate: window 0 s, cluster cl1, source sonar/csvnamed, "
          + "output json, target " + server.url() + ", no auth file, spool " + runner.spool
          + " (at most 104857600 bytes), at most 60 s sending");
      assertThat(lines).containsExactly(
          "exfiltrate: spooled " + (41 + Runner.readings(1, 12).length()) + " bytes in "
              + runner.spool.resolve("1709287200000-0001001-000000.input"),
          "exfiltrate: delivered batch 0 of 1709287200000-0001001-000000.input (10 records) to /sonar-reading",
          "exfiltrate: delivered batch 1 of 1709287200000-0001001-000000.input (2 records) to /sonar-reading");
    }
  }
}
