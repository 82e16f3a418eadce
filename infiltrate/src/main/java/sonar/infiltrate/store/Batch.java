package sonar.infiltrate.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sonar.format.Utf8Builder;

/**
 * What the store is asked to append: whole lines for one or more files, given by paths relative to the
 * data directory (see {@link Layout}), and the {@link Mark}s to store with them. A batch is made of
 * parts, one per request it carries (an HTTP request is one part; the records of a stream partition
 * that one poll returned are one part each), and a part with an idempotency key is stored at most once.
 * The store writes a batch all or nothing: every part not stored before, and the batch's marks, in one
 * journal record. Immutable.
 */
public final class Batch {

  /** Bytes to append to one file. */
  record Append(String path, byte[] bytes) {}

  /**
   * The appends of one request, stored together.
   *
   * @param key null when the request carried none
   * @param records lines that are records of a cluster
   * @param recordsByCluster those lines per cluster, the first component of each path
   */
  record Part(List<Append> appends, IdempotencyKey key, int records, Map<String, Integer> recordsByCluster) {

    Part {
      appends = List.copyOf(appends);
      recordsByCluster = Map.copyOf(recordsByCluster);
    }

    Part withKey(IdempotencyKey newKey) {
      return new Part(appends, newKey, records, recordsByCluster);
    }
  }

  private final List<Part> parts;
  private final List<Mark> marks;
  private final long size;

  private Batch(List<Part> parts, List<Mark> marks) {
    this.parts = List.copyOf(parts);
    this.marks = List.copyOf(marks);
    long bytes = 0;
    for (Part part : this.parts) {
      for (Append append : part.appends()) {
        bytes += append.bytes().length;
      }
    }
    this.size = bytes;
  }

  /**
   * The same one-request batch, stored at most once with this key: a batch with the same key already
   * stored within the store's idempotency window is answered as stored, and not stored again.
   *
   * @param key null for none, which returns this batch
   * @throws IllegalStateException when the batch carries several requests, whose keys are their own
   */
  public Batch withIdempotencyKey(IdempotencyKey key) {
    if (key == null) {
      return this;
    }
    if (parts.size() != 1) {
      throw new IllegalStateException("a key belongs to one request, and this batch carries " + parts.size());
    }
    return new Batch(List.of(parts.get(0).withKey(key)), marks);
  }

  /**
   * The same batch, stored with the fact that a stream's partition is stored up to, not including, the
   * given offset: the store keeps the last such offset of each partition (see {@link Store#streamOffset}).
   *
   * @param topic at most 32767 bytes in UTF-8
   */
  public Batch withStreamOffset(String topic, int partition, long nextOffset) {
    List<Mark> marked = new ArrayList<>(marks);
    marked.add(StreamOffsets.mark(topic, partition, nextOffset));
    return new Batch(parts, marked);
  }

  /** The parts of the batches, in order, as one batch stored all or nothing; their marks too. */
  public static Batch concat(List<Batch> batches) {
    List<Part> parts = new ArrayList<>();
    List<Mark> marks = new ArrayList<>();
    for (Batch batch : batches) {
      parts.addAll(batch.parts);
      marks.addAll(batch.marks);
    }
    return new Batch(parts, marks);
  }

  /** A batch of the given parts, without marks. */
  static Batch of(List<Part> parts) {
    return new Batch(parts, List.of());
  }

  List<Part> parts() {
    return parts;
  }

  /** What is stored with the data, in the same journal record, besides the parts' keys. */
  List<Mark> marks() {
    return marks;
  }

  /** Bytes of data in the batch. */
  public long size() {
    return size;
  }

  /** Records (lines) in the batch. */
  public int records() {
    return parts.stream().mapToInt(Part::records).sum();
  }

  /** Whether the batch holds no data to append (it may still carry marks). */
  public boolean isEmpty() {
    return parts.stream().allMatch(part -> part.appends().isEmpty());
  }

  /** The file its first line goes to, relative to the data directory; null when it holds no data. */
  public String firstPath() {
    for (Part part : parts) {
      if (!part.appends().isEmpty()) {
        return part.appends().get(0).path();
      }
    }
    return null;
  }

  /** Records per cluster, the first component of each path. */
  public Map<String, Integer> recordsByCluster() {
    if (parts.size() == 1) {
      return parts.get(0).recordsByCluster();
    }
    Map<String, Integer> sum = new HashMap<>();
    parts.forEach(part -> part.recordsByCluster().forEach((cluster, count) -> sum.merge(cluster, count, Integer::sum)));
    return sum;
  }

  /** Collects lines per file, keeping their order, into a batch of one part. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Lines> files = new LinkedHashMap<>();
    private String lastPath;
    private Lines lastLines;

    /**
     * A file's lines so far: their bytes, written once as the lines are rendered (trimmed to their
     * length when the batch is built), or whole lines given as bytes, which are stored as they are
     * rather than copied again (a large envelope would otherwise be held four times while it is stored).
     */
    private static final class Lines {
      /** Lines of about 210 bytes: the ten records of a node that a request carries fit without growing. */
      private static final int START = 4096;
      private Utf8Builder text;
      private byte[] bytes;
      /** Lines that are records, counted per file and summed per cluster once, when the batch is built. */
      private int records;

      Utf8Builder text() {
        if (text == null) {
          text = new Utf8Builder(bytes == null ? START : bytes.length + START);
          if (bytes != null) {
            text.append(bytes);
            bytes = null;
          }
        }
        return text;
      }

      byte[] toBytes() {
        return bytes != null ? bytes : text.toByteArray();
      }
    }

    /** The bytes of a file's lines so far, to append one more whole line, a record of a cluster, to. */
    public Utf8Builder lineFor(String path) {
      Lines lines = linesOf(path);
      lines.records++;
      return lines.text();
    }

    /** @param line one whole line ending in {@code \n}, a record of the cluster the path starts with */
    public Builder add(String path, String line) {
      lineFor(path).append(line);
      return this;
    }

    /**
     * @param line one whole line ending in {@code \n}, good UTF-8, a record of the cluster the path
     *     starts with; the batch keeps the array, which the caller must not change
     */
    public Builder addLine(String path, byte[] line) {
      Lines lines = linesOf(path);
      lines.records++;
      if (lines.text == null && lines.bytes == null) {
        lines.bytes = line;
      } else {
        lines.text().append(line);
      }
      return this;
    }

    /**
     * @param line one whole line ending in {@code \n} that is no cluster's record (a quarantined
     *     message): counted in neither {@link #records} nor {@link #recordsByCluster}
     */
    public Builder addAside(String path, String line) {
      linesOf(path).text().append(line);
      return this;
    }

    private Lines linesOf(String path) {
      if (!path.equals(lastPath)) {
        lastPath = path;
        lastLines = files.computeIfAbsent(path, any -> new Lines());
      }
      return lastLines;
    }

    public Batch build() {
      List<Append> appends = new ArrayList<>(files.size());
      Map<String, Integer> recordsByCluster = new HashMap<>();
      int records = 0;
      for (Map.Entry<String, Lines> file : files.entrySet()) {
        String path = file.getKey();
        Lines lines = file.getValue();
        appends.add(new Append(path, lines.toBytes()));
        if (lines.records > 0) {
          recordsByCluster.merge(path.substring(0, path.indexOf('/')), lines.records, Integer::sum);
          records += lines.records;
        }
      }
      return new Batch(List.of(new Part(appends, null, records, recordsByCluster)), List.of());
    }
  }
}
