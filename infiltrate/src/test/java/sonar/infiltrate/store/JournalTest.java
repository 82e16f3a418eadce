package sonar.infiltrate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir
  Path dir;

  @Test
  void writesANewSegmentOverARetiredOnesFileAndReadsOnlyItsOwnRecords() throws IOException {
    SpareSegments spares = new SpareSegments(dir.resolve("spare"), 2);
    try (Journal journal = new Journal(dir.resolve("journal"), spares)) {
      journal.startSegment();
      for (String line : List.of("old one\n", "old two\n", "old three\n")) {
        journal.append(record(line));
      }
      Path retired = journal.startSegment();
      Object file = Files.getAttribute(retired, "unix:ino");
      long retiredSize = Files.size(retired);
      spares.give(retired);
      assertThat(retired).doesNotExist();

      journal.startSegment(); // the one after takes the spare
      journal.append(record("new one\n")); // as long as "old one", so "old two" follows it in the file
      Path current = journal.current();

      assertThat(Files.getAttribute(current, "unix:ino")).isEqualTo(file);
      assertThat(Files.size(current)).isEqualTo(retiredSize);
      Journal.Contents contents = Journal.read(current);
      assertThat(contents.records()).hasSize(1);
      assertThat(lineOf(contents.records().get(0))).isEqualTo("new one\n");
      assertThat(contents.unreadBytes()).isPositive();
    }
  }

  @Test
  void readsBackARecordOfLargeAndSmallAppendsInTheirOrder() throws IOException {
    String large = "x".repeat(200_000) + "\n";
    JournalRecord record = new JournalRecord();
    record.reset();
    List<String> lines = List.of("small\n", large, "between\n", large.replace('x', 'y'), "last\n");
    for (int i = 0; i < lines.size(); i++) {
      record.add(new JournalRecord.Entry("cl/2023/10/11/h" + i + ".csv", i,
          ByteBuffer.wrap(lines.get(i).getBytes(StandardCharsets.UTF_8))));
    }
    try (Journal journal = new Journal(dir.resolve("journal"), new SpareSegments(dir.resolve("spare"), 2))) {
      journal.startSegment();
      journal.append(record);
      List<JournalRecord.Entry> entries =
          JournalRecord.decode(Journal.read(journal.current()).records().get(0)).entries();
      assertThat(entries).extracting(entry -> StandardCharsets.UTF_8.decode(entry.data()).toString())
          .containsExactlyElementsOf(lines);
      assertThat(entries).extracting(JournalRecord.Entry::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
    }
  }

  @Test
  void readsTheRecordsOfASegmentWrittenInTheFirstFormatAndNeverWritesOverIt() throws IOException {
    Path segment = dir.resolve("journal").resolve("journal-00000000000000000001.log");
    Files.createDirectories(segment.getParent());
    ByteBuffer payload = payloadOf(record("first format\n"));
    CRC32C crc = new CRC32C();
    crc.update(payload.duplicate());
    ByteBuffer file = ByteBuffer.allocate(8 + 8 + payload.remaining());
    file.put("SONARJ01".getBytes(StandardCharsets.US_ASCII)).putInt(payload.remaining()).putInt((int) crc.getValue())
        .put(payload).flip();
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(file);
    }

    Journal.Contents contents = Journal.read(segment);
    assertThat(contents.records()).hasSize(1);
    assertThat(lineOf(contents.records().get(0))).isEqualTo("first format\n");
    assertThat(contents.unreadBytes()).isZero();

    SpareSegments spares = new SpareSegments(dir.resolve("spare"), 2);
    spares.give(segment);
    assertThat(segment).doesNotExist();
    assertThat(spares.take()).isNull();
  }

  @Test
  void aSpareRenamedBeforeItsHeaderWasWrittenHoldsNothing() throws IOException {
    Path spareDirectory = dir.resolve("spare");
    Path written;
    try (Journal journal = new Journal(dir.resolve("journal"), new SpareSegments(spareDirectory, 2))) {
      journal.startSegment();
      journal.append(record("acknowledged once, checkpointed since\n"));
      written = journal.current();
    }
    // A crash right after the spare was renamed to the next segment's name: the header still says 1.
    Path renamed = written.resolveSibling("journal-00000000000000000002.log");
    Files.move(written, renamed);

    Journal.Contents contents = Journal.read(renamed);
    assertThat(contents.records()).isEmpty();
    assertThat(contents.unreadBytes()).isZero();
  }

  @Test
  void keepsNoMoreSparesThanAskedAndTakesBackThoseOfAnEarlierRun() throws IOException {
    Path spareDirectory = dir.resolve("spare");
    SpareSegments spares = new SpareSegments(spareDirectory, 2);
    try (Journal journal = new Journal(dir.resolve("journal"), spares)) {
      journal.startSegment();
      List<Path> retired = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        journal.append(record("line " + i + "\n"));
        retired.add(journal.startSegment());
      }
      for (Path segment : retired) {
        spares.give(segment);
      }
      assertThat(retired.get(2)).as("given when two are kept already").doesNotExist();
    }
    try (var kept = Files.list(spareDirectory)) {
      assertThat(kept.count()).isEqualTo(2);
    }

    SpareSegments later = new SpareSegments(spareDirectory, 1);
    assertThat(later.take()).isNotNull();
    assertThat(later.take()).isNull();
    try (var kept = Files.list(spareDirectory)) {
      assertThat(kept.count()).as("the one more than a run keeps is deleted").isEqualTo(1);
    }
  }

  private static JournalRecord record(String line) {
    JournalRecord record = new JournalRecord();
    record.reset();
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    record.add(new JournalRecord.Entry("cl/2023/10/11/h.csv", 0, ByteBuffer.wrap(bytes)));
    return record;
  }

  /** A record's payload alone, its header left out. */
  private static ByteBuffer payloadOf(JournalRecord record) {
    ByteBuffer whole = ByteBuffer.allocate(1 << 16);
    for (ByteBuffer part : record.finish(1)) {
      whole.put(part);
    }
    return whole.flip().position(Journal.RECORD_HEADER_BYTES).slice();
  }

  private static String lineOf(ByteBuffer payload) {
    JournalRecord.Entry entry = JournalRecord.decode(payload).entries().get(0);
    return StandardCharsets.UTF_8.decode(entry.data()).toString();
  }
}
