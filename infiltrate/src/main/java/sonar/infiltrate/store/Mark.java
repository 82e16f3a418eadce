package sonar.infiltrate.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A small fact stored with a batch's data and in the same journal record, so that it holds exactly when
 * the data is stored: that a request's idempotency key was stored, say. Its {@link Ledger}, named by
 * {@code kind}, learns it once the record is forced and keeps it beyond checkpoints. Immutable by
 * contract: the value is never changed once made.
 *
 * @param kind the ledger's {@link Ledger#kind}
 * @param value at most 65535 bytes, as the ledger encodes it
 */
record Mark(byte kind, byte[] value) {

  Mark {
    if (value.length > 0xFFFF) {
      throw new IllegalArgumentException("a mark holds at most 65535 bytes, not " + value.length);
    }
  }

  /**
   * Marks stored together at one time (epoch milliseconds): those of one journal record, or one record
   * of a ledger's file. Encoded {@code [time][count]} then {@code [kind][length][value]} per mark.
   */
  record Group(long time, List<Mark> marks) {

    int encodedSize() {
      int size = Long.BYTES + Integer.BYTES;
      for (Mark mark : marks) {
        size += 1 + Short.BYTES + mark.value().length;
      }
      return size;
    }

    void encode(ByteBuffer out) {
      out.putLong(time).putInt(marks.size());
      for (Mark mark : marks) {
        out.put(mark.kind()).putShort((short) mark.value().length).put(mark.value());
      }
    }

    /** @throws RuntimeException when the bytes are no group, which a verified checksum rules out */
    static Group decode(ByteBuffer in) {
      long time = in.getLong();
      int count = in.getInt();
      List<Mark> marks = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte kind = in.get();
        byte[] value = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(value);
        marks.add(new Mark(kind, value));
      }
      return new Group(time, marks);
    }

    /** The marks of one kind, at the same time. */
    Group only(byte kind) {
      return new Group(time, marks.stream().filter(mark -> mark.kind() == kind).toList());
    }
  }
}
