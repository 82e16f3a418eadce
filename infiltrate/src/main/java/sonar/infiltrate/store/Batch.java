package sonar.infiltrate.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one request asks the store to append: whole lines for one or more files, given by paths relative
 * to the data directory (see {@link Layout}). The store writes a batch all or nothing. Immutable.
 */
public final class Batch {

  /** Bytes to append to one file. */
  record Append(String path, byte[] bytes) {}

  private final List<Append> appends;
  private final long size;
  private final int records;

  private Batch(List<Append> appends, int records) {
    this.appends = List.copyOf(appends);
    this.size = appends.stream().mapToLong(append -> append.bytes().length).sum();
    this.records = records;
  }

  List<Append> appends() {
    return appends;
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

  /** Collects lines per file, keeping their order. Not thread-safe. */
  public static final class Builder {
    private final Map<String, StringBuilder> files = new LinkedHashMap<>();
    private int records;

    /** The text of a file's lines so far, to append one more whole line to. */
    public StringBuilder lineFor(String path) {
      records++;
      return files.computeIfAbsent(path, any -> new StringBuilder(512));
    }

    /** @param line one whole line ending in {@code \n} */
    public Builder add(String path, String line) {
      lineFor(path).append(line);
      return this;
    }

    public Batch build() {
      List<Append> appends = new ArrayList<>(files.size());
      files.forEach((path, text) -> appends.add(new Append(path, text.toString().getBytes(StandardCharsets.UTF_8))));
      return new Batch(appends, records);
    }
  }
}
