package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.testing.RawHttp;
import sonar.testkit.InfiltrateProcess;
import sonar.testkit.Trees;
import sonar.testkit.Vector;

/**
 * What the real sonar 0.19 program printed, posted as its HTTP sink posts it (one envelope per request,
 * to {@code <api-root>/<topic>}, with its cluster's credentials) to a server started as an operator
 * starts it.
 */
class RealSonarTest {

  private static final Path ENVELOPES = Vector.testdata().resolve("real-sonar/sonar-0.19-devel");
  private static final String AUTH = "Authorization: " + RawHttp.basic("test", "secret");

  @TempDir
  Path temp;

  /** Pins the loss of every Slurm job message: sonar sends type "job", which was answered 400. */
  @Test
  void storesEveryEnvelopeOfSonar019ByteForByte() throws Exception {
    Map<String, String> expected = new TreeMap<>();
    try (InfiltrateProcess server = start(); RawHttp http = new RawHttp(server.port())) {
      for (Path file : files()) {
        String name = file.getFileName().toString();
        String topic = topic(name);
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          RawHttp.Response response = http.postJson("/api/v1/insert/" + topic, line, AUTH);
          assertThat(response.status()).as(name + ": " + response.body()).isEqualTo(200);
          expected.merge("test/2026/12/01/" + storedFile(name, topic), line + "\n", String::concat);
        }
      }
      // Stopped in order, so that the files hold all: closing kills it, maybe before the last answer's write.
      assertThat(server.stop(Duration.ofSeconds(30))).isZero();
    }
    assertThat(expected).containsOnlyKeys("test/2026/12/01/0+sample-vm.json", "test/2026/12/01/0+sysinfo-vm.json",
        "test/2026/12/01/0+job-slurm.json", "test/2026/12/01/0+cluzter-slurm.json", "test/2026/12/01/0+errors-vm.json");
    assertThat(Trees.asText(Trees.read(data()))).isEqualTo(expected);
  }

  @Test
  void logsARefusalWithItsReasonOnceAndCountsItsRepeats() throws Exception {
    String job = Files.readString(ENVELOPES.resolve("jobs-fake.json")).strip();
    String reason = "400 data.type is \"job\" but sample messages have type \"sample\"";
    try (InfiltrateProcess server = start(); RawHttp http = new RawHttp(server.port())) {
      for (int i = 0; i < 3; i++) {
        assertThat(http.postJson("/api/v1/insert/sample", job, AUTH).status()).isEqualTo(400);
      }
      assertThat(http.exchange("GET", "/metrics", null, null).body()).contains(
          "infiltrate_refusals_total{endpoint=\"/api/v1/insert/sample\",reason=\"bad_data\"} 3.0");
      assertThat(http.exchange("GET", "/status", null, null).body()).containsPattern(
          "\nrecent refusals, latest first:\n[0-9T:-]+Z 3x POST /api/v1/insert/sample \\(user \"test\"\\): "
              + reason.replace("(", "\\(").replace(")", "\\)") + "\n");

      List<String> refusals = messages(server).stream().filter(line -> line.contains(" refused ")).toList();
      assertThat(refusals).containsExactly("WARNING refused POST /api/v1/insert/sample from 127.0.0.1 "
          + "(user \"test\", cluster \"test\"): " + reason);

      server.signal("TERM");
      assertThat(server.waitFor(Duration.ofSeconds(30))).isZero();
      assertThat(messages(server)).anySatisfy(line -> assertThat(line).matches(
          "WARNING refused 2 more times since [0-9T:.-]+Z: POST /api/v1/insert/sample \\(user \"test\"\\): "
              + reason.replace("(", "\\(").replace(")", "\\)")));
      assertThat(server.stderr()).allSatisfy(line -> assertThat(line)
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (INFO|WARNING) .*"));
    }
    assertThat(Trees.read(data())).isEmpty();
  }

  private InfiltrateProcess start() throws Exception {
    Path auth = Files.writeString(temp.resolve("auth"), "test:secret\nother:word\n");
    return InfiltrateProcess.start("-data-path", Files.createDirectories(data()).toString(), "-port", "0",
        "-auth-file", auth.toString(), "-match-user-and-cluster");
  }

  private Path data() {
    return temp.resolve("data");
  }

  private static List<Path> files() throws Exception {
    try (Stream<Path> files = Files.list(ENVELOPES)) {
      return files.sorted().toList();
    }
  }

  /** The topic the sink posts a file's messages to: the kind of data sonar was asked for. */
  private static String topic(String file) {
    String kind = file.substring(0, file.indexOf('-'));
    return kind.equals("jobs") ? "job" : kind;
  }

  /** Where the later server kept each kind, and errors per node whatever the topic. */
  private static String storedFile(String file, String topic) {
    if (file.endsWith("-noslurm.json")) {
      return "0+errors-vm.json";
    }
    return switch (topic) {
      case "sample", "sysinfo" -> "0+" + topic + "-vm.json";
      case "job" -> "0+job-slurm.json";
      default -> "0+cluzter-slurm.json";
    };
  }

  /** The server's log lines without their timestamps. */
  private static List<String> messages(InfiltrateProcess server) {
    return server.stderr().stream().map(line -> line.substring(line.indexOf(' ') + 1)).toList();
  }
}
