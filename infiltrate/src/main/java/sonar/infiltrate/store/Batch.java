package sonar.infiltrate.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one request asks the store to append: whole lines for one or more files, given by paths relative
 * to the data directory (see {@link Layout}), and the {@link Mark}s to store with them, such as its
 * idempotency key. The store writes a batch all or nothing. Immutable.
 */
public final class Batch {

  /** Bytes to append to one file. */
  record Append(String path, byte[] bytes) {}

  private final List<Append> appends;
  private final List<Mark> marks;
  private final IdempotencyKey idempotencyKey;
  private final long size;
  private final int records;
  private final Map<String, Integer> recordsByCluster;

  private Batch(List<Append> appends, List<Mark> marks, IdempotencyKey idempotencyKey, int records,
      Map<String, Integer> recordsByCluster) {
    this.appends = List.copyOf(appends);
    this.marks = List.copyOf(marks);
    this.idempotencyKey = idempotencyKey;
    this.size = appends.stream().mapToLong(append -> append.bytes().length).sum();
    this.records = records;
    this.recordsByCluster = Map.copyOf(recordsByCluster);
  }

  /**
   * The same batch, stored at most once with this key: a batch with the same key already stored within
   * the store's idempotency window is answered as stored, and not stored again.
   *
   * @param key null for none, which returns this batch
   */
  public Batch withIdempotencyKey(IdempotencyKey key) {
    if (key == null) {
      return this;
    }
    List<Mark> marked = new ArrayList<>(marks);
    marked.add(key.mark());
    return new Batch(appends, marked, key, records, recordsByCluster);
  }

  List<Append> appends() {
    return appends;
  }

  /** What is stored with the data, in the same journal record. */
  List<Mark> marks() {
    return marks;
  }

  /** Null when the batch has none. */
  IdempotencyKey idempotencyKey() {
    return idempotencyKey;
  }

  /** Bytes of data in the batch. */
  public long size() {
    return size;
  }

  /** Records (lines) in the batch. */
  public int records() {
    return records;
  }

  public boolean isEmpty() {
    return appends.isEmpty();
  }

  /** Records per cluster, the first component of each path. */
  public Map<String, Integer> recordsByCluster() {
    return recordsByCluster;
  }

  /** Collects lines per file, keeping their order. Not thread-safe. */
  public static final class Builder {
    private final Map<String, StringBuilder> files = new LinkedHashMap<>();
    private final Map<String, Integer> recordsByCluster = new HashMap<>();
    private int records;
    private String lastPath;
    private StringBuilder lastText;

    /** The text of a file's lines so far, to append one more whole line to. */
    public StringBuilder lineFor(String path) {
      records++;
      if (!path.equals(lastPath)) {
        lastPath = path;
        lastText = files.computeIfAbsent(path, any -> new StringBuilder(512));
      }
      recordsByCluster.merge(path.substring(0, path.indexOf('/')), 1, Integer::sum);
      return lastText;
    }

    /** @param line one whole line ending in {@code \n} */
    public Builder add(String path, String line) {
      lineFor(path).append(line);
      return this;
    }

    public Batch build() {
      List<Append> appends = new ArrayList<>(files.size());
      files.forEach((path, text) -> appends.add(new Append(path, text.toString().getBytes(StandardCharsets.UTF_8))));
      return new Batch(appends, List.of(), null, records, recordsByCluster);
    }
  }
}
