package sonar.exfiltrate.batch;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Sonar's lines byte for byte, each ending in a newline (one is added to a last line without), in
 * batches of whole lines of at most {@link Batches#MAX_BATCH_BYTES}; empty lines are skipped. A longer
 * line, or one that is not UTF-8, goes alone in a batch of its own: lines are never cut, and a server
 * that refuses one refuses only it. A line longer than {@link Batches#MAX_LINE_BYTES} is not sent but
 * handed to a {@link TooLongLines}. Not thread-safe.
 */
final class CsvBatches implements BatchSource {

  private final Lines lines;
  private final String path;
  private final TooLongLines tooLong;
  private final byte[] body = new byte[Batches.MAX_BATCH_BYTES];
  private int used;
  private int count;
  /** A line that goes alone, read while a batch was being filled; sent after it. */
  private Batch alone;

  CsvBatches(InputStream in, String path, TooLongLines tooLong) {
    this.lines = new Lines(in, Batches.MAX_LINE_BYTES);
    this.path = path;
    this.tooLong = tooLong;
  }

  @Override
  public Batch next() throws IOException {
    if (alone != null) {
      Batch next = alone;
      alone = null;
      return next;
    }
    while (lines.next()) {
      if (lines.tooLong()) {
        tooLong.tooLong(lines.number(), lines.offset(), lines.fullLength());
        continue;
      }
      int length = lines.length();
      if (length == 0) {
        continue;
      }
      if (length + 1 > body.length || !Utf8.isValid(lines.bytes(), length)) {
        Batch line = new Batch(path, Batches.CSV_TYPE, 1, withNewline(lines.bytes(), length));
        if (used == 0) {
          return line;
        }
        alone = line;
        return take();
      }
      Batch full = used + length + 1 > body.length ? take() : null;
      System.arraycopy(lines.bytes(), 0, body, used, length);
      body[used + length] = '\n';
      used += length + 1;
      count++;
      if (full != null) {
        return full;
      }
    }
    return used > 0 ? take() : null;
  }

  private Batch take() {
    Batch batch = new Batch(path, Batches.CSV_TYPE, count, Arrays.copyOf(body, used));
    used = 0;
    count = 0;
    return batch;
  }

  private static byte[] withNewline(byte[] bytes, int length) {
    byte[] line = Arrays.copyOf(bytes, length + 1);
    line[length] = '\n';
    return line;
  }
}
