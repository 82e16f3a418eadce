package sonar.infiltrate.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes one journal record: the appends of one group of batches, each saying which file
 * (relative to the data directory), at which offset, which bytes; then, if the group has any, its
 * {@link Mark}s with the time they were stored. Replaying an entry writes its bytes at its offset, so
 * replaying twice changes nothing. A record without marks is laid out as before marks existed, so older
 * journals replay as they are. Not thread-safe; one per writer, reused.
 */
final class JournalRecord {

  /** One append as the journal holds it. */
  record Entry(String path, long offset, ByteBuffer data) {}

  /** What a record holds: its appends, and its marks (null when it has none). */
  record Contents(List<Entry> entries, Mark.Group marks) {}

  private static final int INITIAL_BYTES = 1 << 16;
  /** A buffer grown past this for a large record is let go after it, not kept for the next record. */
  private static final int KEPT_BYTES = 1 << 20;

  private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_BYTES);
  private int entries;
  private final CRC32C crc = new CRC32C();

  void reset() {
    if (buffer.capacity() > KEPT_BYTES) {
      buffer = ByteBuffer.allocate(INITIAL_BYTES);
    }
    buffer.clear();
    buffer.position(Journal.RECORD_HEADER_BYTES + Integer.BYTES);
    entries = 0;
  }

  void add(Entry entry) {
    byte[] name = entry.path().getBytes(StandardCharsets.UTF_8);
    int length = entry.data().remaining();
    ensureRoom(Short.BYTES + name.length + Long.BYTES + Integer.BYTES + length);
    buffer.putShort((short) name.length).put(name).putLong(entry.offset()).putInt(length).put(entry.data().duplicate());
    entries++;
  }

  /** Ends the record with marks, after its entries. */
  void add(Mark.Group marks) {
    ensureRoom(marks.encodedSize());
    marks.encode(buffer);
  }

  /** The finished record, header included, ready to append. */
  ByteBuffer finish() {
    int end = buffer.position();
    buffer.putInt(Journal.RECORD_HEADER_BYTES, entries);
    crc.reset();
    crc.update(buffer.duplicate().position(Journal.RECORD_HEADER_BYTES).limit(end));
    buffer.putInt(0, end - Journal.RECORD_HEADER_BYTES);
    buffer.putInt(4, (int) crc.getValue());
    return buffer.duplicate().position(0).limit(end);
  }

  /**
   * @param payload a record's payload, checksum already verified
   * @throws IllegalArgumentException if the payload does not decode, which a verified checksum rules out
   *     short of a bug
   */
  static Contents decode(ByteBuffer payload) {
    ByteBuffer in = payload.duplicate();
    int count = in.getInt();
    List<Entry> decoded = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] name = new byte[Short.toUnsignedInt(in.getShort())];
      in.get(name);
      long offset = in.getLong();
      int length = in.getInt();
      ByteBuffer data = in.slice(in.position(), length);
      in.position(in.position() + length);
      decoded.add(new Entry(new String(name, StandardCharsets.UTF_8), offset, data));
    }
    Mark.Group marks = in.hasRemaining() ? Mark.Group.decode(in) : null;
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(in.remaining() + " bytes left over after " + count + " journal entries");
    }
    return new Contents(decoded, marks);
  }

  private void ensureRoom(int bytes) {
    if (buffer.remaining() < bytes) {
      int needed = buffer.position() + bytes;
      ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, needed));
      buffer.flip();
      larger.put(buffer);
      buffer = larger;
    }
  }
}
