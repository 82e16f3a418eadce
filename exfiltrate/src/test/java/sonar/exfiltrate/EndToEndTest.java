package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.Infiltrate;
import sonar.testkit.Trees;
import sonar.testkit.Vector;

/** The sender against our own data logger, in a process of its own: what the server stores in the end. */
class EndToEndTest {

  private static final Pattern PID = Pattern.compile(",pid=(\\d+),");

  @TempDir
  Path dir;

  @Test
  void deliversSonarOutputSoThatTheServerStoresTheReferenceTree() throws Exception {
    Vector vector = Vector.named("sonalyze_uptime_smoketest");
    Runner runner = new Runner(dir);
    try (Infiltrate server = new Infiltrate(dir.resolve("data"), 0, null)) {
      Exfiltrate run = runner.send(server.url(), vector.input());

      assertThat(run.status()).isZero();
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).isEmpty();
      assertThat(Trees.asText(server.tree())).isEqualTo(Trees.asText(vector.tree()));
    }
    assertThat(spoolFiles(runner.spool)).isEmpty();
  }

  @Test
  void spoolsBatchesWhileTheServerIsDownAndSendsThemNextRunWithoutDuplicates() throws Exception {
    Runner runner = new Runner(dir);
    int port = freePort();
    String target = "http://127.0.0.1:" + port;

    Exfiltrate down = runner.send(target, Runner.readings(1, 25));

    assertThat(down.status()).isZero();
    assertThat(down.err()).isEmpty(); // an outage the spool absorbs is nobody's business
    assertThat(spoolFiles(runner.spool)).hasSize(1);

    try (Infiltrate server = new Infiltrate(dir.resolve("data"), port, null)) {
      Exfiltrate up = runner.send(target, Runner.readings(26, 30));

      assertThat(up.status()).isZero();
      assertThat(up.err()).isEmpty();
      assertThat(spoolFiles(runner.spool)).isEmpty();
      assertThat(storedPids(server.tree())).containsExactlyElementsOf(range(1, 30));
    }
  }

  @Test
  void wrongPasswordSaysSoExitsOneAndSetsTheBatchAside() throws Exception {
    Runner runner = new Runner(dir);
    Path authFile = Files.writeString(dir.resolve("auth"), "sonar/wrong\n");
    try (Infiltrate server = new Infiltrate(dir.resolve("data"), 0, "sonar:right")) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 15), "-auth-file", authFile.toString());

      assertThat(run.status()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("exfiltrate: " + server.url() + " refused 1 batch (10 records) with 401 "
          + "\"Unauthorized: valid credentials are needed\"; set aside in " + runner.spool.resolve("rejected") + "\n");
      List<Path> rejected = spoolFiles(runner.spool.resolve("rejected"));
      assertThat(rejected).hasSize(1);
      assertThat(Files.readString(rejected.get(0))).startsWith("/sonar-reading application/json 10\n[{");
      assertThat(Files.readString(answerOf(rejected.get(0)))).isEqualTo(
          "POST /sonar-reading: 401 \"Unauthorized: valid credentials are needed\"\n");
      assertThat(spoolFiles(runner.spool)).hasSize(1); // the other batch waits for the right password
      assertThat(server.tree()).isEmpty();
    }
  }

  @Test
  void rightPasswordDelivers() throws Exception {
    Runner runner = new Runner(dir);
    Path authFile = Files.writeString(dir.resolve("auth"), "\n  sonar:right  \n\n");
    try (Infiltrate server = new Infiltrate(dir.resolve("data"), 0, "sonar:right")) {
      Exfiltrate run = runner.send(server.url(), Runner.readings(1, 15), "-auth-file", authFile.toString());

      assertThat(run.status()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(storedPids(server.tree())).containsExactlyElementsOf(range(1, 15));
    }
  }

  /** The inputs and batches in a spool directory (or its rejected/), oldest first. */
  static List<Path> spoolFiles(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      // Not the temporary files of runs killed while spooling, which are not in the spool yet.
      return files.filter(file -> (file.toString().endsWith(".batch") || file.toString().endsWith(".input"))
          && !file.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  static Path answerOf(Path rejected) {
    return rejected.resolveSibling(rejected.getFileName() + ".answer");
  }

  /** The pids of the stored records, in the order stored. */
  static List<Integer> storedPids(Map<String, byte[]> tree) {
    List<Integer> pids = new ArrayList<>();
    for (byte[] content : tree.values()) {
      Matcher pid = PID.matcher(new String(content, StandardCharsets.UTF_8));
      while (pid.find()) {
        pids.add(Integer.parseInt(pid.group(1)));
      }
    }
    return pids;
  }

  static List<Integer> range(int first, int last) {
    return IntStream.rangeClosed(first, last).boxed().toList();
  }

  static int freePort() throws IOException {
    return Infiltrate.freePort();
  }
}
