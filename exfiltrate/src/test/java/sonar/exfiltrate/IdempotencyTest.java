package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.send.IdempotencyKey;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.ScriptedServer;
import sonar.exfiltrate.testing.ScriptedServer.Response;

/**
 * Every request carries an Idempotency-Key: the same for a batch however often and by whichever run it
 * is sent, and different for different batches, so that a server that stores each key once stores each
 * batch once.
 */
class IdempotencyTest {

  @TempDir
  Path dir;

  @Test
  void everyBatchHasItsOwnKeyWhichItKeepsAcrossRetriesAndRuns() throws Exception {
    Runner runner = new Runner(dir);
    Response busy = Response.of(503, "busy");
    List<ScriptedServer.Request> requests;
    long secondStart;
    // The first run: the second batch is retried, then the server is down for good; the second run sends
    // what is left.
    try (ScriptedServer server = ScriptedServer.http().answer(Response.of(200, ""), busy, busy, busy, busy, busy)) {
      Exfiltrate first = runner.send(server.url(), Runner.readings(1, 35));
      assertThat(first.status()).isZero();
      secondStart = runner.clock.millis(); // after the first run's backoff
      Exfiltrate second = runner.send(server.url(), Runner.readings(36, 40));
      assertThat(second.status()).isZero();
      requests = server.requests();
    }

    assertThat(requests).extracting(request -> SpoolRunsTest.pids(request.text())).containsExactly(
        "1-10", "11-20", "11-20", "11-20", "11-20", "11-20", // the first run, which gave up
        "11-20", "21-30", "31-35", "36-40"); // the second
    String file = "1709287200000-0001001-000000.input";
    assertThat(requests).extracting(ScriptedServer.Request::idempotencyKey).containsExactly(
        key(file, 0, requests.get(0)),
        key(file, 1, requests.get(1)), key(file, 1, requests.get(1)), key(file, 1, requests.get(1)),
        key(file, 1, requests.get(1)), key(file, 1, requests.get(1)),
        key(file, 1, requests.get(1)), key(file, 2, requests.get(7)), key(file, 3, requests.get(8)),
        key(secondStart + "-0001002-000000.input", 0, requests.get(9)));
    assertThat(requests.stream().map(ScriptedServer.Request::idempotencyKey).distinct()).hasSize(5);
  }

  private static String key(String file, int index, ScriptedServer.Request request) {
    return IdempotencyKey.of(Runner.HOST, file, index, request.body());
  }
}
