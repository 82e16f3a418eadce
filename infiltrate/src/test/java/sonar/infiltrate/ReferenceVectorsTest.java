package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;
import sonar.testkit.Trees;
import sonar.testkit.Vector;

/** Every recorded case of the reference programs, posted to our server: the same files, byte for byte. */
class ReferenceVectorsTest {

  private static final String BAD_TIMESTAMP = "sonarlog_bad-timestamp";

  static Stream<Vector> vectors() {
    return Vector.all().stream().filter(vector -> !vector.name().equals(BAD_TIMESTAMP));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void storesTheReferenceTreeByteForByte(Vector vector, @TempDir Path data) throws Exception {
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      for (Vector.Post post : vector.posts()) {
        RawHttp.Response response = http.postJson(post.path(), post.body());
        assertThat(response.status()).as("%s", post).isEqualTo(200);
        assertThat(response.body()).isEmpty();
      }
    }
    assertSameTree(Trees.read(data), vector.tree());
  }

  @Test
  void refusesRecordsWithUndatableTimesWhereTheReferenceFiledThemUnder0001(@TempDir Path data) throws Exception {
    Vector vector = Vector.named(BAD_TIMESTAMP);
    String body = new String(vector.posts().get(0).body(), StandardCharsets.UTF_8);
    try (RunningServer server = new RunningServer(data); RawHttp http = server.connect()) {
      RawHttp.Response refused = http.postJson("/sonar-reading", body);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).isEqualTo("record 2: bad time \"2023-06-31T10:25:01+00:00\": day out of range\n");
      assertThat(Trees.read(data)).isEmpty();

      String datable = body.replaceAll("\\{[^}]*\"time\":\"2023-0(6-31|x-22)[^}]*},?", "").replace(",]", "]");
      assertThat(http.postJson("/sonar-reading", datable).status()).isEqualTo(200);
    }
    Map<String, byte[]> expected = new TreeMap<>(vector.tree());
    expected.keySet().removeIf(path -> path.startsWith("cl1/0001/"));
    assertSameTree(Trees.read(data), expected);
  }

  private static void assertSameTree(Map<String, byte[]> actual, Map<String, byte[]> expected) {
    assertThat(Trees.asText(actual)).isEqualTo(Trees.asText(expected));
    actual.forEach((path, content) -> assertThat(content).as(path).isEqualTo(expected.get(path)));
  }
}
