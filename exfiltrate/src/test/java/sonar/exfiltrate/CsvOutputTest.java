package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.ScriptedServer;
import sonar.testkit.Vector;

/** {@code -output csv}: sonar's lines, unparsed, byte for byte, in batches bounded in bytes. */
class CsvOutputTest {

  @TempDir
  Path dir;

  @Test
  void postsTheLinesVerbatimInWholeLineBatchesOfAtMost64KiB() throws Exception {
    Runner runner = new Runner(dir);
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    byte[] v014 = Vector.named("v014_n1").input().getBytes(StandardCharsets.UTF_8); // fields 0.7 would drop
    while (input.size() < 200_000) {
      input.writeBytes(v014);
      expected.writeBytes(v014);
      byte[] odd = "v=0.14.0,cmd=\"say \"\"hi\"\"\",bytes=\u00e9\r\n".getBytes(StandardCharsets.UTF_8);
      input.writeBytes(odd);
      expected.writeBytes(odd);
      input.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8)); // empty lines are skipped
    }
    input.writeBytes("v=0.14.0,last=line-without-newline".getBytes(StandardCharsets.UTF_8));
    expected.writeBytes("v=0.14.0,last=line-without-newline\n".getBytes(StandardCharsets.UTF_8));

    try (ScriptedServer server = ScriptedServer.http()) {
      Exfiltrate run = runner.send(server.url(), input.toByteArray(), "-output", "csv");

      assertThat(run.status()).isZero();
      assertThat(run.err()).isEmpty();
      List<ScriptedServer.Request> requests = server.requests();
      assertThat(requests).hasSizeGreaterThanOrEqualTo(4);
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      for (ScriptedServer.Request request : requests) {
        assertThat(request.target()).isEqualTo("/sonar-freecsv?cluster=cl1");
        assertThat(request.contentType()).isEqualTo("text/csv");
        assertThat(request.body().length).isLessThanOrEqualTo(64 * 1024);
        assertThat(request.body()[request.body().length - 1]).isEqualTo((byte) '\n');
        received.writeBytes(request.body());
      }
      assertThat(received.toByteArray()).isEqualTo(expected.toByteArray());
      // Whole lines: each body but the last is full up to a line that would not fit.
      assertThat(requests.get(0).body().length).isGreaterThan(64 * 1024 - 2000);
    }
  }

  @Test
  void aServerWithoutTheEndpointStopsTheRunWhichSaysSoAndKeepsTheBatches() throws Exception {
    Runner runner = new Runner(dir);
    try (ScriptedServer server = ScriptedServer.http()
        .answer(ScriptedServer.Response.of(404, "no such endpoint: /sonar-freecsv\n"))) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 3), "-output", "csv");

      assertThat(run.status()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("exfiltrate: " + server.url() + " answered 404 \"no such endpoint: "
          + "/sonar-freecsv\", which this sender does not expect; 1 file waits in spool " + runner.spool + "\n");
      assertThat(server.requests()).hasSize(1);
      assertThat(EndToEndTest.spoolFiles(runner.spool)).hasSize(1);
    }
  }
}
