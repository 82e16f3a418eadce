package sonar.exfiltrate.batch;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Sonar's output line by line, as bytes, in bounded memory: a line is kept up to a limit, and a longer
 * one is only measured, so that any input can be read with a small heap. A line ends at {@code \n},
 * which is not part of it; a last line without one is a line too. Not thread-safe.
 */
final class Lines {

  private static final int READ_SIZE = 64 * 1024;

  private final InputStream in;
  private final int maxLength;
  private final byte[] buffer = new byte[READ_SIZE];
  private int position;
  private int limit;
  /** How many bytes of the input came before the buffer's first. */
  private long bufferStart;
  private long offset;
  private byte[] line = new byte[1024];
  private int length;
  private long lineLength;
  private long number;
  private boolean end;

  /** @param maxLength lines longer than this are measured, not kept */
  Lines(InputStream in, int maxLength) {
    this.in = in;
    this.maxLength = maxLength;
  }

  /** Reads the next line; false at the end of the input. */
  boolean next() throws IOException {
    if (end) {
      return false;
    }
    length = 0;
    lineLength = 0;
    offset = bufferStart + position;
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        end = true;
        if (any) {
          number++;
        }
        return any;
      }
      any = true;
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      keep(start, position - start);
      if (position < limit) {
        position++; // the newline
        number++;
        return true;
      }
    }
  }

  /** The line's bytes, valid up to {@link #length()} until the next call; only if not {@link #tooLong()}. */
  byte[] bytes() {
    return line;
  }

  /** The length of the line kept, without the newline. */
  int length() {
    return length;
  }

  /** Whether the line is longer than the limit; its bytes were not kept. */
  boolean tooLong() {
    return lineLength > maxLength;
  }

  /** The line's full length, without the newline, even when too long to keep. */
  long fullLength() {
    return lineLength;
  }

  /** Where the line starts in the input. */
  long offset() {
    return offset;
  }

  /** The line's number, counting from 1. */
  long number() {
    return number;
  }

  private void keep(int start, int count) {
    lineLength += count;
    if (lineLength > maxLength) {
      return;
    }
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
    }
    System.arraycopy(buffer, start, line, length, count);
    length += count;
  }

  private boolean fill() throws IOException {
    int read = in.read(buffer, 0, buffer.length);
    while (read == 0) {
      read = in.read(buffer, 0, buffer.length);
    }
    bufferStart += limit;
    position = 0;
    limit = Math.max(read, 0);
    return read > 0;
  }
}
