package sonar.exfiltrate.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sonar.exfiltrate.cli.Output;

/** How sonar's output is cut into requests. */
class BatchesTest {

  private final List<String> drops = new ArrayList<>();
  private final List<String> tooLong = new ArrayList<>();

  @Test
  void aCsvLineLongerThanABatchGoesAloneAndWhole() throws IOException {
    byte[] longLine = ("v=0.14.0,load=" + "x".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8);

    assertThat(csv(concat("a\n".getBytes(StandardCharsets.UTF_8), longLine, "b\n".getBytes(StandardCharsets.UTF_8)),
        "my cluster")).extracting(batch -> batch.body().length, Batch::records, Batch::path).containsExactly(
            tuple(2, 1, "/sonar-freecsv?cluster=my+cluster"),
            tuple(longLine.length, 1, "/sonar-freecsv?cluster=my+cluster"),
            tuple(2, 1, "/sonar-freecsv?cluster=my+cluster"));
  }

  /** Regression: one line of bad UTF-8 had the server refuse the 64 KiB batch it was in, and all its lines. */
  @Test
  void aCsvLineThatIsNotUtf8GoesAloneSoThatOnlyItCanBeRefused() throws IOException {
    byte[] bad = {'v', '=', (byte) 0xC3, (byte) 0x28, '\n'}; // a lead byte without its continuation
    List<Batch> batches = csv(concat(bytes("a=1\nb=\u00e9\n"), bad, bytes("c=3\nd=4\n")), "c");

    assertThat(batches).extracting(batch -> new String(batch.body(), StandardCharsets.ISO_8859_1), Batch::records)
        .containsExactly(
            tuple("a=1\nb=\u00c3\u00a9\n", 2),
            tuple("v=\u00c3(\n", 1),
            tuple("c=3\nd=4\n", 2));
  }

  @Test
  void rejectsOverlongFormsSurrogatesAndCutSequencesAsAStrictDecoderDoes() {
    assertThat(valid(0xE2, 0x82, 0xAC)).isTrue(); // the euro sign
    assertThat(valid(0xF0, 0x9F, 0x98, 0x80)).isTrue(); // an emoji
    assertThat(valid(0xC0, 0xAF)).isFalse(); // overlong '/'
    assertThat(valid(0xE0, 0x80, 0xAF)).isFalse(); // overlong
    assertThat(valid(0xED, 0xA0, 0x80)).isFalse(); // a surrogate
    assertThat(valid(0xF4, 0x90, 0x80, 0x80)).isFalse(); // past U+10FFFF
    assertThat(valid(0xE2, 0x82)).isFalse(); // cut short
    assertThat(valid(0xFF)).isFalse();
  }

  @Test
  void csvLinesAreKeptByteForByteInBatchesOfAtMost64KiBSkippingEmptyLinesAndEndingTheLast() throws IOException {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int i = 0; input.size() < 300_000; i++) {
      byte[] line = bytes("v=0.14.0,cmd=\"say \"\"hi\"\"\",n=" + i + ",x=" + "y".repeat(i % 300) + "\r\n");
      input.writeBytes(line);
      expected.writeBytes(line);
      input.writeBytes(bytes("\n\n"));
    }
    input.writeBytes(bytes("last"));
    expected.writeBytes(bytes("last\n"));

    List<Batch> batches = csv(input.toByteArray(), "c");

    ByteArrayOutputStream received = new ByteArrayOutputStream();
    for (Batch batch : batches) {
      assertThat(batch.body().length).isLessThanOrEqualTo(Batches.MAX_BATCH_BYTES);
      received.writeBytes(batch.body());
    }
    assertThat(received.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(batches.get(0).body().length).isGreaterThan(Batches.MAX_BATCH_BYTES - 400); // full up to a whole line
  }

  @Test
  void aCsvLineTooLongForAnyBatchIsHandedOverAndNotSent() throws IOException {
    byte[] huge = new byte[Batches.MAX_LINE_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) 'x');

    List<Batch> batches = csv(concat(bytes("a\n"), huge, bytes("\nb\n")), "c");

    assertThat(batches).extracting(batch -> new String(batch.body(), StandardCharsets.UTF_8)).containsExactly("a\nb\n");
    assertThat(tooLong).containsExactly("line 2 at 2, " + huge.length + " bytes");
  }

  @Test
  void jsonReadingsGoInBatchesOfTenThenTheHeartbeatsFromAFileAndFromAStream() throws IOException {
    StringBuilder input = new StringBuilder();
    for (int pid = 1; pid <= 23; pid++) {
      input.append(reading(pid, "sim"));
      if (pid % 10 == 5) {
        input.append("v=0.7.0,time=2024-03-01T09:55:00+00:00,host=h").append(pid).append(",cmd=_heartbeat_\n");
      }
    }
    byte[] bytes = bytes(input.toString());

    for (boolean file : new boolean[] {true, false}) {
      List<Batch> batches = json(bytes, file);
      assertThat(batches).extracting(Batch::path, Batch::records).as(file ? "from a file" : "from a stream")
          .containsExactly(tuple("/sonar-reading", 10), tuple("/sonar-reading", 10), tuple("/sonar-reading", 3),
              tuple("/sonar-heartbeat", 2));
    }
  }

  /** Regression: a 2 MB record had the server refuse its batch, and its nine batch-mates with it. */
  @Test
  void aJsonRecordLargerThanABatchGoesAloneAndItsNeighboursFillBatchesAsUsual() throws IOException {
    StringBuilder input = new StringBuilder();
    for (int pid = 1; pid <= 12; pid++) {
      input.append(reading(pid, pid == 4 ? "x".repeat(2_000_000) : "sim"));
    }

    List<Batch> batches = json(bytes(input.toString()), true);

    assertThat(batches).extracting(Batch::records).containsExactly(3, 1, 8);
    assertThat(batches.get(1).body().length).isGreaterThan(2_000_000);
    assertThat(batches.get(0).body().length).isLessThan(Batches.MAX_BATCH_BYTES);
  }

  @Test
  void jsonBatchesOfSeveralRecordsStayWithin64KiB() throws IOException {
    StringBuilder input = new StringBuilder();
    for (int pid = 1; pid <= 30; pid++) {
      input.append(reading(pid, "y".repeat(20_000)));
    }

    List<Batch> batches = json(bytes(input.toString()), false);

    assertThat(batches).extracting(Batch::records).containsOnly(3);
    assertThat(batches).allSatisfy(batch -> assertThat(batch.body().length).isLessThanOrEqualTo(
        Batches.MAX_BATCH_BYTES));
  }

  @Test
  void aJsonRecordTooLongToReadIsDroppedAndSaidSo() throws IOException {
    String input = reading(1, "sim") + reading(2, "z".repeat(Batches.MAX_LINE_BYTES)) + reading(3, "sim");

    List<Batch> batches = json(bytes(input), true);

    assertThat(batches).extracting(Batch::records).containsExactly(2);
    assertThat(drops).containsExactly("Dropping record longer than " + Batches.MAX_LINE_BYTES + " bytes on line 2");
  }

  private List<Batch> csv(byte[] input, String cluster) throws IOException {
    return all(Batches.of(Output.CSV, cluster, new ByteArrayInputStream(input), null, drops::add,
        (number, offset, length) -> tooLong.add("line " + number + " at " + offset + ", " + length + " bytes")));
  }

  private List<Batch> json(byte[] input, boolean fromFile) throws IOException {
    Batches.Reopen again = fromFile ? () -> new ByteArrayInputStream(input) : null;
    return all(Batches.of(Output.JSON, "c", new ByteArrayInputStream(input), again, drops::add,
        (number, offset, length) -> tooLong.add("line " + number)));
  }

  private static List<Batch> all(BatchSource source) throws IOException {
    List<Batch> batches = new ArrayList<>();
    for (Batch batch = source.next(); batch != null; batch = source.next()) {
      batches.add(batch);
    }
    return batches;
  }

  private static String reading(int pid, String cmd) {
    return "v=0.7.0,time=2024-03-01T09:55:00+00:00,host=n1,user=alice,pid=" + pid + ",cmd=" + cmd + "\n";
  }

  private static boolean valid(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return Utf8.isValid(bytes, bytes.length);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
