package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;
import static sonar.exfiltrate.EndToEndTest.answerOf;
import static sonar.exfiltrate.EndToEndTest.range;
import static sonar.exfiltrate.EndToEndTest.spoolFiles;
import static sonar.exfiltrate.EndToEndTest.storedPids;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.Infiltrate;

/**
 * A line that our server refuses is refused alone: it is set aside with a one-line notice, and the lines
 * read with it are delivered. Regression: one 2 MB line had its nine batch-mates set aside with it (413
 * for the batch), and one line of bad UTF-8 a whole 64 KiB CSV batch.
 */
class RefusedAloneTest {

  @TempDir
  Path dir;

  @Test
  void aRecordTooLargeForTheServerIsSetAsideAloneAndItsNeighboursAreStored() throws Exception {
    Runner runner = new Runner(dir);
    StringBuilder input = new StringBuilder(Runner.readings(1, 12));
    int at = input.indexOf(",pid=4,") + ",pid=4,".length();
    input.insert(at, "gpus=" + "7".repeat(2_000_000) + ","); // a 2 MB field; our server takes 1 MiB bodies
    try (Infiltrate server = new Infiltrate(dir.resolve("data"), 0, null)) {
      Exfiltrate run = runner.send(server.url(), input.toString());

      assertThat(run.status()).isEqualTo(1);
      assertThat(run.errLines()).hasSize(1);
      assertThat(run.errLines().get(0)).startsWith("exfiltrate: " + server.url()
          + " refused 1 batch (1 records) with 413 ")
          .endsWith("; set aside in " + runner.spool.resolve("rejected"));
      List<Path> rejected = spoolFiles(runner.spool.resolve("rejected"));
      assertThat(rejected).hasSize(1);
      assertThat(Files.size(rejected.get(0))).isGreaterThan(2_000_000);
      assertThat(Files.readString(answerOf(rejected.get(0)))).startsWith("POST /sonar-reading: 413 ");
      List<Integer> stored = storedPids(server.tree());
      assertThat(stored).containsExactlyInAnyOrderElementsOf(range(1, 12).stream().filter(pid -> pid != 4).toList());
    }
    assertThat(spoolFiles(runner.spool)).isEmpty();
  }

  @Test
  void aCsvLineThatIsNotUtf8IsSetAsideAloneAndItsNeighboursAreStored() throws Exception {
    Runner runner = new Runner(dir);
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes(Runner.readings(1, 5).getBytes(StandardCharsets.UTF_8));
    byte[] bad = "v=0.14.0,time=2024-03-01T09:55:00+00:00,host=n1,user=alice,pid=6,cmd=\u00e9t\u00e9\n"
        .getBytes(StandardCharsets.ISO_8859_1); // Latin-1, not UTF-8
    input.writeBytes(bad);
    input.writeBytes(Runner.readings(7, 9).getBytes(StandardCharsets.UTF_8));
    try (Infiltrate server = new Infiltrate(dir.resolve("data"), 0, null)) {
      Exfiltrate run = runner.send(server.url(), input.toByteArray(), "-output", "csv");

      assertThat(run.status()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("exfiltrate: " + server.url() + " refused 1 batch (1 records) with 400 "
          + "\"the body is not UTF-8 text\"; set aside in " + runner.spool.resolve("rejected") + "\n");
      List<Path> rejected = spoolFiles(runner.spool.resolve("rejected"));
      assertThat(rejected).hasSize(1);
      byte[] kept = Files.readAllBytes(rejected.get(0));
      assertThat(new String(kept, StandardCharsets.ISO_8859_1))
          .isEqualTo("/sonar-freecsv?cluster=cl1 text/csv 1\n" + new String(bad, StandardCharsets.ISO_8859_1));
      assertThat(storedPids(server.tree())).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 7, 8, 9);
    }
  }
}
