package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.ScriptedServer;
import sonar.testkit.Vector;

/**
 * Every recorded case of the reference sender, sent by ours to a scripted server with the reference's
 * flags: the same requests, bodies byte for byte, and the same log of what was dropped.
 */
class VectorsTest {

  /** Where we part from the reference on purpose: it sends records whose time cannot be dated. */
  private static final String BAD_TIMESTAMP = "sonarlog_bad-timestamp";

  static Stream<Vector> vectors() {
    return Vector.all().stream().filter(vector -> !vector.name().equals(BAD_TIMESTAMP));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void postsTheBodiesTheReferenceSenderPostedByteForByte(Vector vector, @TempDir Path dir) throws Exception {
    try (ScriptedServer server = ScriptedServer.http()) {
      Exfiltrate run = send(new Runner(dir), server, vector, "-v");

      assertThat(run.status()).isZero();
      List<ScriptedServer.Request> requests = server.requests();
      assertThat(requests).map(ScriptedServer.Request::toString)
          .containsExactlyElementsOf(vector.posts().stream().map(Vector.Post::toString).toList());
      for (int i = 0; i < requests.size(); i++) {
        assertThat(requests.get(i).body()).isEqualTo(vector.posts().get(i).body());
        assertThat(requests.get(i).method()).isEqualTo("POST");
        assertThat(requests.get(i).contentType()).isEqualTo("application/json");
      }
      List<String> referenceLog = new ArrayList<>(vector.senderLog());
      if (!referenceLog.isEmpty()) {
        referenceLog.add("Bad records and/or fields: " + referenceLog.size());
      }
      assertThat(run.errLines().stream().filter(line -> !line.startsWith("exfiltrate: ")))
          .containsExactlyElementsOf(referenceLog);
    }
  }

  @Test
  void dropsAndReportsRecordsWithUndatableTimesWhichTheReferenceSent(@TempDir Path dir) throws Exception {
    Vector vector = Vector.named(BAD_TIMESTAMP);
    try (ScriptedServer server = ScriptedServer.http()) {
      Exfiltrate run = send(new Runner(dir), server, vector, "-v");

      assertThat(run.status()).isZero();
      assertThat(vector.posts()).hasSize(1); // the reference sent all four records
      assertThat(server.requests()).map(ScriptedServer.Request::toString).containsExactly("/sonar-reading "
          + "[{\"version\":\"0.7.0\",\"time\":\"2023-06-22T10:25:01+00:00\",\"cluster\":\"cl1\",\"host\":\"ml8.hpc.uio.no\","
          + "\"cores\":192,\"user\":\"root\",\"job\":4079,\"pid\":1,\"cmd\":\"tuned\"},"
          + "{\"version\":\"0.7.0\",\"time\":\"2023-06-22T10:25:01+00:00\",\"cluster\":\"cl1\",\"host\":\"ml8.hpc.uio.no\","
          + "\"cores\":192,\"user\":\"riccarsi\",\"job\":2288850,\"pid\":3,\"cmd\":\"python\",\"cpu%\":75.7}]");
      assertThat(run.errLines().stream().filter(line -> !line.startsWith("exfiltrate: "))).containsExactly(
          "Dropping field with unknown name: cpu=%4.1",
          "Dropping field with unknown name: memkib=93100",
          "Dropping record with illegal/unparseable value: time=2023-06-31T10:25:01+00:00",
          "Dropping field with unknown name: memkib=97859048",
          "Dropping record with illegal/unparseable value: time=2023-0x-22T10:25:01+00:00",
          "Bad records and/or fields: 5");
    }
  }

  @Test
  void withoutVerboseSaysOnceADayThatNewerSonarsFieldsAreDropped(@TempDir Path dir) throws Exception {
    try (ScriptedServer server = ScriptedServer.http()) {
      Runner runner = new Runner(dir);
      String input = Vector.named("v090_parse_format_test").input();
      String notice = "exfiltrate: dropped 28 fields of sonar's output that the 0.7 JSON format cannot carry; "
          + "-output csv keeps every field (-v lists them; said once a day)\n";

      assertThat(runner.send(server.url(), input).err()).isEqualTo(notice);
      runner.clock.advance(Duration.ofHours(23));
      Exfiltrate quiet = runner.send(server.url(), input);
      assertThat(quiet.status()).isZero();
      assertThat(quiet.err()).isEmpty();
      runner.clock.advance(Duration.ofHours(2));
      assertThat(runner.send(server.url(), input).err()).isEqualTo(notice);
    }
  }

  @Test
  void withoutVerboseSaysEveryRunThatRecordsWereDropped(@TempDir Path dir) throws Exception {
    try (ScriptedServer server = ScriptedServer.http()) {
      Runner runner = new Runner(dir);
      String input = Vector.named("sonarlog_whitebox-intermingled").input();
      for (int run = 0; run < 2; run++) {
        Exfiltrate sent = runner.send(server.url(), input);
        assertThat(sent.status()).isZero();
        assertThat(sent.err()).isEqualTo(
            "exfiltrate: dropped 2 records of sonar's output that did not parse, and 2 fields (-v lists them)\n");
      }
    }
  }

  private static Exfiltrate send(Runner runner, ScriptedServer server, Vector vector, String... flags) {
    List<String> args = new ArrayList<>(List.of("-source", "sonar/csvnamed", "-output", "json"));
    args.addAll(List.of(flags));
    return runner.send(server.url(), vector.input(), args.toArray(String[]::new));
  }
}
