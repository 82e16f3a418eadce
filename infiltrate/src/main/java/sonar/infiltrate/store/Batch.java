package sonar.infiltrate.store;

import java.io.ByteArrayOutputStream;
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
    private final Map<String, ByteArrayOutputStream> files = new LinkedHashMap<>();
    private int records;

    /** @param line one whole line ending in {@code \n} */
    public Builder add(String path, String line) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      return add(path, bytes, 0, bytes.length);
    }

    /** Adds one whole line as it is, byte for byte. */
    public Builder add(String path, byte[] line, int offset, int length) {
      files.computeIfAbsent(path, any -> new ByteArrayOutputStream(256)).write(line, offset, length);
      records++;
      return this;
    }

    public Batch build() {
      List<Append> appends = new ArrayList<>(files.size());
      files.forEach((path, bytes) -> appends.add(new Append(path, bytes.toByteArray())));
      return new Batch(appends, records);
    }
  }
}
