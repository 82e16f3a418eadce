package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sonar.testkit.Trees;
import sonar.testkit.Vector;

/** The reference programs' recorded behaviour on real Sonar data, reproduced by this module's pieces. */
class VectorsTest {

  /** The one case where we part from the reference on purpose: it sends records whose time cannot be dated. */
  private static final String BAD_TIMESTAMP = "sonarlog_bad-timestamp";

  private final CsvNamedParser parser = new CsvNamedParser();
  private final WireWriter writer = new WireWriter();
  private final WireReader reader = new WireReader();

  static Stream<Vector> vectors() {
    return Vector.all().stream().filter(vector -> !vector.name().equals(BAD_TIMESTAMP));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void parsingInputYieldsTheBodiesTheReferenceSenderPosted(Vector vector) {
    CsvNamedParser.Result result = parser.parse(vector.input(), "cl1");

    List<Vector.Post> posts = new ArrayList<>();
    for (List<Reading> batch : batches(result.readings())) {
      posts.add(new Vector.Post("/sonar-reading", writer.readings(batch)));
    }
    for (List<Heartbeat> batch : batches(result.heartbeats())) {
      posts.add(new Vector.Post("/sonar-heartbeat", writer.heartbeats(batch)));
    }

    assertThat(posts).map(Vector.Post::toString).containsExactlyElementsOf(
        vector.posts().stream().map(Vector.Post::toString).toList());
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void parsingInputReportsWhatTheReferenceSenderReported(Vector vector) {
    assertThat(parser.parse(vector.input(), "cl1").problems()).containsExactlyElementsOf(vector.senderLog());
  }

  @Test
  void recordsWithUndatableTimesAreDroppedAndReportedUnlikeTheReference() {
    Vector vector = Vector.named(BAD_TIMESTAMP);
    CsvNamedParser.Result result = parser.parse(vector.input(), "cl1");

    // A dropped record's later fields go unreported, as with any value that does not parse.
    assertThat(result.problems()).containsExactly(
        "Dropping field with unknown name: cpu=%4.1",
        "Dropping field with unknown name: memkib=93100",
        "Dropping record with illegal/unparseable value: time=2023-06-31T10:25:01+00:00",
        "Dropping field with unknown name: memkib=97859048",
        "Dropping record with illegal/unparseable value: time=2023-0x-22T10:25:01+00:00");
    assertThat(result.readings()).map(Reading::user).containsExactly("root", "riccarsi");
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void decodingThePostedBodiesAndStoringTheLinesYieldsTheReferenceTree(Vector vector) {
    Map<String, ByteArrayOutputStream> files = new TreeMap<>();
    for (Vector.Post post : vector.posts()) {
      byte[] body = post.body();
      if (post.isHeartbeat()) {
        for (Heartbeat heartbeat : reader.heartbeats(body, 0, body.length)) {
          append(files, heartbeat.cluster(), heartbeat.time(), heartbeat.host(), StoredLine.of(heartbeat));
        }
      } else {
        for (Reading reading : reader.readings(body, 0, body.length)) {
          append(files, reading.cluster(), reading.time(), reading.host(), StoredLine.of(reading));
        }
      }
    }
    Map<String, byte[]> tree = new TreeMap<>();
    files.forEach((path, content) -> tree.put(path, content.toByteArray()));

    assertThat(Trees.asText(tree)).isEqualTo(Trees.asText(vector.tree()));
    tree.forEach((path, content) -> assertThat(content).as(path).isEqualTo(vector.tree().get(path)));
  }

  private static void append(Map<String, ByteArrayOutputStream> files, String cluster, String time, String host,
      String line) {
    String path = cluster + "/" + Timestamp.parse(time).localDatePath() + "/" + host + ".csv";
    files.computeIfAbsent(path, any -> new ByteArrayOutputStream()).writeBytes(line.getBytes(StandardCharsets.UTF_8));
  }

  private static <T> List<List<T>> batches(List<T> records) {
    List<List<T>> batches = new ArrayList<>();
    for (int start = 0; start < records.size(); start += 10) {
      batches.add(records.subList(start, Math.min(start + 10, records.size())));
    }
    return batches;
  }
}
