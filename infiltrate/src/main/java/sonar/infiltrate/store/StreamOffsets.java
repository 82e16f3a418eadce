package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far each partition of a stream (a Kafka topic's partition) is stored: the offset of the first record
 * not yet stored, from the marks that a stream consumer's batches carry ({@link
 * Batch#withStreamOffset}). Being stored in the same journal record as the data, a mark holds exactly
 * when the records before it are stored, so a consumer that starts reading a partition there stores
 * each record once, whatever it committed to Kafka before a crash. The last mark of a partition wins (a
 * topic made anew starts again low); a rewrite of the file keeps only that one. The writer thread
 * applies marks; {@link #next} may be read from any thread.
 */
final class StreamOffsets implements Ledger {

  static final byte KIND = 2;

  /** A partition of a topic. */
  private record Partition(String topic, int partition) {}

  private final Map<Partition, Long> next = new ConcurrentHashMap<>();

  @Override
  public byte kind() {
    return KIND;
  }

  @Override
  public String fileName() {
    return "stream-offsets";
  }

  /** The mark "records of the partition before nextOffset are stored": {@code [partition][offset][topic]}. */
  static Mark mark(String topic, int partition, long nextOffset) {
    byte[] name = topic.getBytes(StandardCharsets.UTF_8);
    if (name.length > Short.MAX_VALUE) {
      throw new IllegalArgumentException("a topic name of " + name.length + " bytes is too long to mark");
    }
    return new Mark(KIND, ByteBuffer.allocate(Integer.BYTES + Long.BYTES + name.length)
        .putInt(partition).putLong(nextOffset).put(name).array());
  }

  /** The offset of the first record of the partition not stored yet; empty when none was ever stored. */
  OptionalLong next(String topic, int partition) {
    Long offset = next.get(new Partition(topic, partition));
    return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  @Override
  public void apply(long time, Mark mark) {
    next.put(partitionOf(mark), ByteBuffer.wrap(mark.value()).getLong(Integer.BYTES));
  }

  private static Partition partitionOf(Mark mark) {
    ByteBuffer value = ByteBuffer.wrap(mark.value());
    int partition = value.getInt();
    value.position(Integer.BYTES + Long.BYTES);
    return new Partition(StandardCharsets.UTF_8.decode(value).toString(), partition);
  }

  @Override
  public void compact(Source in, Sink out, long now) throws IOException {
    Map<Partition, Mark> last = new LinkedHashMap<>();
    long time = 0;
    for (Mark.Group group = in.next(); group != null; group = in.next()) {
      time = Math.max(time, group.time());
      for (Mark mark : group.marks()) {
        last.put(partitionOf(mark), mark);
      }
    }
    if (!last.isEmpty()) {
      out.add(new Mark.Group(time, List.copyOf(last.values())));
    }
  }
}
