package sonar.exfiltrate.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import sonar.format.CsvNamedParser;

/**
 * Pieces of whole records parse as the whole input does: the same readings, heartbeats and drops, with
 * the same line numbers, whatever quotes, line breaks and broken records the input holds.
 */
class CsvChunksTest {

  private static final String[] PARTS = {"v=0.7.0", "time=2024-03-01T09:55:00+00:00", "host=n1", "user=alice",
      "cmd=sim", "cmd=_heartbeat_", "pid=12", "cpu%=1.5", "\"cmd=a,b\"", "\"cmd=line\nbreak\"", "\"x=\"\"q\"\"\"",
      "bad\"quote", "\"closed\"junk", "\"", "", "\r", "zap=1", "\"unclosed"};

  @RepeatedTest(200)
  void piecesParseAsTheWholeInputDoes() throws IOException {
    SplittableRandom random = new SplittableRandom();
    StringBuilder input = new StringBuilder();
    int lines = random.nextInt(1, 40);
    for (int line = 0; line < lines; line++) {
      int fields = random.nextInt(0, 8);
      for (int field = 0; field < fields; field++) {
        input.append(field > 0 ? "," : "").append(PARTS[random.nextInt(PARTS.length - (random.nextInt(20) == 0
            ? 0 : 1))]);
      }
      input.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
    }
    if (random.nextBoolean()) {
      input.setLength(input.length() - 1); // no last newline
    }
    assertSameAsWhole(input.toString(), 1 + random.nextInt(200));
  }

  @Test
  void recordsSpanningLinesAndBrokenRecordsStayWhole() throws IOException {
    assertSameAsWhole("v=0.7.0,\"cmd=a\nb\",time=2024-03-01T09:55:00+00:00,host=n1,user=u\n"
        + "bad\"quote,\"x\ny\"z,more\nv=0.7.0,cmd=_heartbeat_,time=2024-03-01T09:55:00+00:00,host=n1\n\"open\nto the "
            + "end", 1);
  }

  @Test
  void aRecordLongerThanTheLimitIsDroppedAndTheRestParsed() throws IOException {
    List<String> drops = new ArrayList<>();
    String input = "v=0.7.0,cmd=a,time=2024-03-01T09:55:00+00:00,host=n1,user=u\n"
        + "\"cmd=" + "x\n".repeat(100) + "\"\n"
        + "v=0.7.0,cmd=b,time=2024-03-01T09:55:00+00:00,host=n1,user=u\n";
    CsvChunks chunks = new CsvChunks(stream(input), 10, 150, drops::add);

    StringBuilder kept = new StringBuilder();
    for (CsvChunks.Chunk chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
      CsvNamedParser.Result result = new CsvNamedParser().parse(chunk.text(), "c", chunk.firstLine());
      assertThat(result.problems()).isEmpty();
      kept.append(result.readings().get(0).cmd()).append('@').append(chunk.firstLine()).append(' ');
    }
    assertThat(kept.toString()).isEqualTo("a@1 b@103 ");
    assertThat(drops).containsExactly("Dropping record longer than 150 bytes on line 2");
  }

  @Test
  void aRecordTooLongIsToldAfterTheRecordsBeforeItAndTheLinesAfterItKeepTheirNumbers() throws IOException {
    List<String> events = new ArrayList<>();
    String record = "v=0.7.0,time=2024-03-01T09:55:00+00:00,host=n1,user=u,cmd=";
    String input = record + "a\n" + record + "b\n\"cmd=" + "x\n".repeat(100) + "\"\n" + record + "c\n" + "bad\"line\n";
    CsvChunks chunks = new CsvChunks(stream(input), 10_000, 150, message -> events.add(message));

    for (CsvChunks.Chunk chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
      CsvNamedParser.Result result = new CsvNamedParser().parse(chunk.text(), "c", chunk.firstLine());
      for (var reading : result.readings()) {
        events.add(reading.cmd() + "@" + chunk.firstLine());
      }
      events.addAll(result.problems());
    }
    assertThat(events).containsExactly("a@1", "b@1", "Dropping record longer than 150 bytes on line 3", "c@104",
        "Dropping record with bad CSV syntax on line 105: bare \" in non-quoted field");
  }

  private static void assertSameAsWhole(String input, int chunkSize) throws IOException {
    CsvNamedParser parser = new CsvNamedParser();
    CsvNamedParser.Result whole = parser.parse(input, "c");
    List<Object> readings = new ArrayList<>();
    List<Object> heartbeats = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    CsvChunks chunks = new CsvChunks(stream(input), chunkSize, 1 << 20, problems::add);
    for (CsvChunks.Chunk chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
      CsvNamedParser.Result piece = parser.parse(chunk.text(), "c", chunk.firstLine());
      readings.addAll(piece.readings());
      heartbeats.addAll(piece.heartbeats());
      problems.addAll(piece.problems());
    }
    assertThat(readings).as("readings of %s", input).isEqualTo(whole.readings());
    assertThat(heartbeats).as("heartbeats of %s", input).isEqualTo(whole.heartbeats());
    assertThat(problems).as("problems of %s", input).isEqualTo(whole.problems());
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
