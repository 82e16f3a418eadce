package sonar.infiltrate.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes one journal record: the appends of one group of batches, each saying which file
 * (relative to the data directory), at which offset, which bytes; then, if the group has any, its
 * {@link Mark}s with the time they were stored. Replaying an entry writes its bytes at its offset, so
 * replaying twice changes nothing. A record without marks is laid out as before marks existed, so older
 * journals replay as they are. Small appends are copied into the record, so that a group of small
 * requests is written with one call; a large one is written from the batch's own bytes, not copied, so
 * that a large envelope is not held twice. Not thread-safe; one per writer, reused.
 */
final class JournalRecord {

  /** One append as the journal holds it. */
  record Entry(String path, long offset, ByteBuffer data) {}

  /** What a record holds: its appends, and its marks (null when it has none). */
  record Contents(List<Entry> entries, Mark.Group marks) {}

  private static final int INITIAL_BYTES = 1 << 16;
  /** A buffer grown past this for a large record is let go after it, not kept for the next record. */
  private static final int KEPT_BYTES = 1 << 20;
  /** Appends up to this size are copied into the record's buffer; larger ones are written from their own. */
  private static final int COPIED_BYTES = 64 << 10;

  private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_BYTES);
  private int entries;
  /** Appends written from their own bytes, each after the buffer's bytes up to its cut. */
  private final List<ByteBuffer> large = new ArrayList<>();
  private final List<Integer> cuts = new ArrayList<>();

  void reset() {
    if (buffer.capacity() > KEPT_BYTES) {
      buffer = ByteBuffer.allocate(INITIAL_BYTES);
    }
    buffer.clear();
    buffer.position(Journal.RECORD_HEADER_BYTES + Integer.BYTES);
    entries = 0;
    large.clear();
    cuts.clear();
  }

  void add(Entry entry) {
    byte[] name = entry.path().getBytes(StandardCharsets.UTF_8);
    int length = entry.data().remaining();
    boolean copied = length <= COPIED_BYTES;
    ensureRoom(Short.BYTES + name.length + Long.BYTES + Integer.BYTES + (copied ? length : 0));
    buffer.putShort((short) name.length).put(name).putLong(entry.offset()).putInt(length);
    if (copied) {
      buffer.put(entry.data().duplicate());
    } else {
      cuts.add(buffer.position());
      large.add(entry.data().duplicate());
    }
    entries++;
  }

  /** Ends the record with marks, after its entries. */
  void add(Mark.Group marks) {
    ensureRoom(marks.encodedSize());
    marks.encode(buffer);
  }

  /**
   * The finished record, header included, in the parts to write one after the other.
   *
   * @param sequence the number of the journal segment it goes to, which its checksum covers
   */
  ByteBuffer[] finish(long sequence) {
    int end = buffer.position();
    buffer.putInt(Journal.RECORD_HEADER_BYTES, entries);
    ByteBuffer[] parts = new ByteBuffer[1 + 2 * large.size()];
    int from = 0;
    long length = end - Journal.RECORD_HEADER_BYTES;
    for (int i = 0; i < large.size(); i++) {
      parts[2 * i] = buffer.duplicate().position(from).limit(cuts.get(i));
      parts[2 * i + 1] = large.get(i).duplicate();
      from = cuts.get(i);
      length += large.get(i).remaining();
    }
    parts[parts.length - 1] = buffer.duplicate().position(from).limit(end);
    if (length > Integer.MAX_VALUE) {
      throw new IllegalStateException("a journal record of " + length + " bytes is more than one record holds");
    }
    buffer.putInt(0, (int) length);
    parts[0].position(Journal.RECORD_HEADER_BYTES); // the checksum covers the payload, not the header
    CRC32C crc = salted(sequence);
    for (ByteBuffer part : parts) {
      crc.update(part.duplicate());
    }
    buffer.putInt(4, (int) crc.getValue());
    parts[0].position(0);
    return parts;
  }

  /**
   * The checksum of a payload as read back: salted with its segment's number, or, in the first format,
   * of the payload alone.
   */
  static int checksum(OptionalLong sequence, ByteBuffer payload) {
    CRC32C crc = sequence.isPresent() ? salted(sequence.getAsLong()) : new CRC32C();
    crc.update(payload);
    return (int) crc.getValue();
  }

  private static CRC32C salted(long sequence) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(Long.BYTES).putLong(0, sequence));
    return crc;
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
