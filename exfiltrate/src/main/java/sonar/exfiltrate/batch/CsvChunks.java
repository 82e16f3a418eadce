package sonar.exfiltrate.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts sonar's output into pieces of whole CSV records, so that a long input is parsed piece by piece in
 * bounded memory with the same result as if parsed whole. A record ends at the end of a line that is not
 * inside a quoted field, by the rules of {@link sonar.format.CsvRecords} (Go's reader): a quoted field
 * may span lines; a bare quote in an unquoted field, or anything but a comma or line end after a closing
 * quote, spoils the record, which then ends with its line. A record longer than a limit is not kept but
 * skipped to its end and counted as dropped. Not thread-safe.
 */
final class CsvChunks {

  /** A piece of the input: whole records, and the number of its first line. */
  record Chunk(String text, int firstLine) {}

  /** Where the scan stands within a record. */
  private enum State { FIELD_START, PLAIN, QUOTED, QUOTE_SEEN, QUOTE_SEEN_CR, SKIP_LINE }

  private static final int READ_SIZE = 64 * 1024;

  private final InputStream in;
  private final int chunkSize;
  private final int maxRecord;
  private final Drops drops;
  private final byte[] buffer = new byte[READ_SIZE];
  private int position;
  private int limit;
  private boolean end;

  private byte[] chunk;
  private int chunkLength;
  /** Where the record being read starts in the chunk. */
  private int recordStart;
  private int chunkFirstLine = 1;
  private int line = 1;
  private int recordFirstLine = 1;
  private State state = State.FIELD_START;
  /** The length of a record too long to keep, while it is skipped; -1 otherwise. */
  private long skipped = -1;

  /**
   * @param chunkSize a piece is cut at the first record end at or past this many bytes
   * @param maxRecord records longer than this are dropped
   * @param drops told of each dropped record
   */
  CsvChunks(InputStream in, int chunkSize, int maxRecord, Drops drops) {
    this.in = in;
    this.chunkSize = chunkSize;
    this.maxRecord = maxRecord;
    this.drops = drops;
    this.chunk = new byte[Math.min(chunkSize, 4096) + 1];
  }

  /** @return the next piece, or null at the end of the input */
  Chunk next() throws IOException {
    while (true) {
      if (position == limit && !fill()) {
        return end();
      }
      byte b = buffer[position++];
      if (b == '\n') {
        line++;
      }
      if (skipped >= 0) {
        skipped++;
      } else {
        append(b);
      }
      if (step(b)) { // the record ends
        if (skipped >= 0) {
          dropTooLong();
        }
        recordStart = chunkLength;
        recordFirstLine = line;
        if (chunkLength >= chunkSize) {
          return cut(chunkLength);
        }
      } else if (skipped < 0 && chunkLength - recordStart > maxRecord) {
        skipped = chunkLength - recordStart;
        Chunk before = recordStart > 0 ? cut(recordStart) : null;
        chunkLength = 0;
        recordStart = 0;
        if (before != null) {
          return before;
        }
      }
    }
  }

  /** Moves the state on by one byte; true when the byte ends the record. */
  private boolean step(byte b) {
    switch (state) {
      case FIELD_START -> {
        if (b == '"') {
          state = State.QUOTED;
          return false;
        }
        return plain(b);
      }
      case PLAIN -> {
        return plain(b);
      }
      case QUOTED -> {
        if (b == '"') {
          state = State.QUOTE_SEEN;
        }
        return false;
      }
      case QUOTE_SEEN -> {
        switch (b) {
          case '"' -> state = State.QUOTED; // a doubled quote inside the field
          case ',' -> state = State.FIELD_START;
          case '\n' -> {
            return endRecord();
          }
          case '\r' -> state = State.QUOTE_SEEN_CR;
          default -> state = State.SKIP_LINE;
        }
        return false;
      }
      case QUOTE_SEEN_CR -> {
        if (b == '\n') {
          return endRecord();
        }
        state = State.SKIP_LINE;
        return false;
      }
      default -> { // SKIP_LINE: a spoiled record ends with its line
        return b == '\n' && endRecord();
      }
    }
  }

  /** Within an unquoted field: a comma starts the next field, a quote spoils the record. */
  private boolean plain(byte b) {
    if (b == '\n') {
      return endRecord();
    }
    state = b == ',' ? State.FIELD_START : b == '"' ? State.SKIP_LINE : State.PLAIN;
    return false;
  }

  private boolean endRecord() {
    state = State.FIELD_START;
    return true;
  }

  private Chunk end() {
    if (skipped >= 0) {
      dropTooLong(); // ran to the end of the input, as an unclosed quote does
      chunkLength = 0;
    }
    if (chunkLength == 0) {
      return null;
    }
    return cut(chunkLength);
  }

  private void dropTooLong() {
    drops.dropped("Dropping record longer than " + maxRecord + " bytes on line " + recordFirstLine);
    skipped = -1;
    chunkFirstLine = line;
  }

  /** The chunk's first length bytes as a piece; what follows them starts the next. */
  private Chunk cut(int length) {
    Chunk piece = new Chunk(new String(chunk, 0, length, StandardCharsets.UTF_8), chunkFirstLine);
    System.arraycopy(chunk, length, chunk, 0, chunkLength - length);
    chunkLength -= length;
    recordStart -= length;
    chunkFirstLine = recordFirstLine;
    return piece;
  }

  private void append(byte b) {
    if (chunkLength == chunk.length) {
      chunk = Arrays.copyOf(chunk, chunk.length * 2);
    }
    chunk[chunkLength++] = b;
  }

  private boolean fill() throws IOException {
    if (end) {
      return false;
    }
    int read = in.read(buffer, 0, buffer.length);
    while (read == 0) {
      read = in.read(buffer, 0, buffer.length);
    }
    position = 0;
    limit = Math.max(read, 0);
    end = read < 0;
    return read > 0;
  }
}
