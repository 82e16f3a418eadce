package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import sonar.files.Durable;

/**
 * The store's write-ahead log: numbered segment files in one directory, each a magic header followed by
 * records {@code [length][crc32c][payload]}. A record is durable once {@link #append} returns, because
 * it forces the segment; a new segment's directory entry is forced before anything is appended to it. A
 * crash can leave at most the last record of a segment incomplete, which {@link #read} detects by length
 * or checksum and skips: such a record was never acknowledged. Used by the store's writer thread only.
 */
final class Journal implements AutoCloseable {

  private static final byte[] MAGIC = "SONARJ01".getBytes(StandardCharsets.US_ASCII);
  private static final String PREFIX = "journal-";
  private static final String SUFFIX = ".log";
  static final int RECORD_HEADER_BYTES = 8;

  private final Path directory;
  private long nextSequence;
  private Path segment;
  private FileChannel channel;
  private long size;
  private boolean broken;

  /** Opens the journal directory, creating it if needed; call {@link #startSegment} before appending. */
  Journal(Path directory) throws IOException {
    this.directory = directory;
    Files.createDirectories(directory);
    List<Path> existing = segments();
    nextSequence = existing.isEmpty() ? 1 : sequenceOf(existing.get(existing.size() - 1)) + 1;
  }

  /** Segments on disk, oldest first. */
  List<Path> segments() throws IOException {
    List<Path> segments = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
      files.forEach(segments::add);
    }
    segments.sort((a, b) -> Long.compare(sequenceOf(a), sequenceOf(b)));
    return segments;
  }

  /**
   * Starts a new segment and makes it the one appended to.
   *
   * @return the segment appended to until now, or null if there was none
   */
  Path startSegment() throws IOException {
    Path next = directory.resolve(String.format("%s%020d%s", PREFIX, nextSequence, SUFFIX));
    FileChannel created = FileChannel.open(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      Durable.writeFully(created, ByteBuffer.wrap(MAGIC), 0);
      created.force(/* metaData= */ true);
      Durable.forceDirectory(directory);
    } catch (IOException e) {
      created.close();
      Files.deleteIfExists(next);
      throw e;
    }
    nextSequence++;
    Path previous = segment;
    closeChannel();
    segment = next;
    channel = created;
    size = MAGIC.length;
    broken = false;
    return previous;
  }

  /**
   * Appends one record and forces it to disk. After a failure the segment may end in a torn record, so
   * nothing more is appended to it: {@link #needsNewSegment} turns true.
   *
   * @param record header and payload as made by {@link JournalRecord}
   * @return nanoseconds spent forcing
   */
  long append(ByteBuffer record) throws IOException {
    if (broken || channel == null) {
      throw new IllegalStateException("journal segment " + segment + " cannot take more records");
    }
    long forcing;
    try {
      Durable.writeFully(channel, record, size);
      long start = System.nanoTime();
      channel.force(/* metaData= */ false);
      forcing = System.nanoTime() - start;
    } catch (IOException e) {
      broken = true;
      throw e;
    }
    size += record.limit();
    return forcing;
  }

  boolean needsNewSegment() {
    return broken || channel == null;
  }

  /** Bytes in the current segment. */
  long size() {
    return size;
  }

  /** Records in a segment, oldest first, up to the first incomplete or corrupt one. */
  static Contents read(Path segment) throws IOException {
    ByteBuffer bytes; // mapped, not read: a full segment is more than a small heap has room for at once
    try (FileChannel file = FileChannel.open(segment, StandardOpenOption.READ)) {
      bytes = file.map(FileChannel.MapMode.READ_ONLY, 0, file.size());
    }
    List<ByteBuffer> records = new ArrayList<>();
    if (bytes.remaining() < MAGIC.length || !bytes.slice(0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
      return new Contents(records, bytes.remaining());
    }
    int at = MAGIC.length;
    CRC32C crc = new CRC32C();
    while (bytes.limit() - at >= RECORD_HEADER_BYTES) {
      int length = bytes.getInt(at);
      int expected = bytes.getInt(at + 4);
      if (length < 0 || length > bytes.limit() - at - RECORD_HEADER_BYTES) {
        break;
      }
      ByteBuffer payload = bytes.slice(at + RECORD_HEADER_BYTES, length);
      crc.reset();
      crc.update(payload.duplicate());
      if ((int) crc.getValue() != expected) {
        break;
      }
      records.add(payload);
      at += RECORD_HEADER_BYTES + length;
    }
    return new Contents(records, bytes.limit() - at);
  }

  /** @param unreadBytes bytes after the last good record: an incomplete record a crash left behind */
  record Contents(List<ByteBuffer> records, int unreadBytes) {}

  private static long sequenceOf(Path segment) {
    String name = segment.getFileName().toString();
    return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Closing a segment that was forced, or that failed and will be replayed from disk, loses nothing.
      }
      channel = null;
    }
  }

  /** The segment appended to, or null before {@link #startSegment}. */
  Path current() {
    return segment;
  }

  @Override
  public void close() {
    closeChannel();
  }
}
