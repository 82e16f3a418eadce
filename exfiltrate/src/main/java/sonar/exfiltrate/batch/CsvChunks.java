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

  // Where the scan stands within a record: int constants, as the scan runs byte by byte on every node.
  private static final int FIELD_START = 0;
  private static final int PLAIN = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_SEEN = 3;
  private static final int QUOTE_SEEN_CR = 4;
  private static final int SKIP_LINE = 5;

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
  private int state = FIELD_START;
  /** The length of a record too long to keep, while it is skipped; -1 otherwise. */
  private long skipped = -1;
  /** Whether a dropped record is yet to be told, after the piece before it. */
  private boolean dropPending;

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
    if (dropPending) {
      dropPending = false;
      dropTooLong();
      recordStart = 0;
      recordFirstLine = line;
    }
    while (true) {
      if (position == limit && !fill()) {
        return end();
      }
      int from = position;
      int ended = scan();
      int to = ended < 0 ? limit : ended;
      if (skipped >= 0) {
        skipped += to - from;
      } else {
        append(from, to - from);
      }
      position = to;
      if (ended >= 0) { // a record ends
        if (skipped < 0 && chunkLength - recordStart > maxRecord) {
          skipped = chunkLength - recordStart; // too long, though it ended within one read
          chunkLength = recordStart;
        }
        if (skipped >= 0) {
          if (chunkLength > 0) { // the records before it first, then word of the drop
            dropPending = true;
            return cut(chunkLength);
          }
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

  /**
   * Moves the state on over the buffered bytes from position, counting lines, up to the end of a record.
   * One loop without calls: it runs over every byte of every run's input, mostly interpreted.
   *
   * @return the index after the byte that ends a record, or -1 when the buffer ends first
   */
  private int scan() {
    int at = position;
    int now = state;
    try {
      while (at < limit) {
        byte b = buffer[at++];
        if (b == '\n') {
          line++;
        }
        switch (now) {
          case FIELD_START, PLAIN -> {
            if (b == '\n') {
              now = FIELD_START;
              return at;
            }
            now = b == ',' ? FIELD_START : b == '"' ? (now == FIELD_START ? QUOTED : SKIP_LINE) : PLAIN;
          }
          case QUOTED -> {
            if (b == '"') {
              now = QUOTE_SEEN;
            }
          }
          case QUOTE_SEEN -> {
            if (b == '\n') {
              now = FIELD_START;
              return at;
            }
            // A doubled quote is one inside the field; after the closing quote, a comma or a line end.
            now = b == '"' ? QUOTED : b == ',' ? FIELD_START : b == '\r' ? QUOTE_SEEN_CR : SKIP_LINE;
          }
          case QUOTE_SEEN_CR -> {
            if (b == '\n') {
              now = FIELD_START;
              return at;
            }
            now = SKIP_LINE;
          }
          default -> { // SKIP_LINE: a spoiled record ends with its line
            if (b == '\n') {
              now = FIELD_START;
              return at;
            }
          }
        }
      }
      return -1;
    } finally {
      state = now;
    }
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

  private void append(int from, int count) {
    if (chunkLength + count > chunk.length) {
      chunk = Arrays.copyOf(chunk, Math.max(chunk.length * 2, chunkLength + count));
    }
    System.arraycopy(buffer, from, chunk, chunkLength, count);
    chunkLength += count;
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
