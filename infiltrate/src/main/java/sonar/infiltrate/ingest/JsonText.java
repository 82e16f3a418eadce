package sonar.infiltrate.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import sonar.infiltrate.store.Batch;

/**
 * JSON text made compact for storage, one message per line: white space outside strings goes, every
 * other byte stays as received (numbers, escapes and key order untouched). Only for text a parser has
 * already accepted, so its UTF-8 is valid. Written straight into the line of a batch, a piece at a time,
 * so that a large message is not held again as a whole compact copy. Stateless.
 */
final class JsonText {

  private static final int PIECE = 8192;

  private JsonText() {}

  /**
   * The JSON, compact, and a newline, as bytes: the line a batch stores, made without the text in
   * between, so that a large message is held twice at most (its body and its line).
   */
  static byte[] compactLine(byte[] json) {
    byte[] line = new byte[compact(json, null) + 1];
    compact(json, line);
    line[line.length - 1] = '\n';
    return line;
  }

  /**
   * Adds the JSON to the batch as one compact line for the file: as the bytes received where they are
   * good UTF-8, else through the text (which stands U+FFFD for each bad sequence, as
   * {@link #appendLine} always did), so that what is stored is the same either way.
   */
  static void addLine(byte[] json, Batch.Builder batch, String path) {
    byte[] line = compactLine(json);
    if (isUtf8(line)) {
      batch.addLine(path, line);
    } else {
      appendLine(json, batch.lineFor(path));
    }
  }

  private static boolean isUtf8(byte[] bytes) {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(PIECE);
    while (true) {
      CoderResult result = utf8.decode(in, out.clear(), /* endOfInput= */ true);
      if (result.isError()) {
        return false;
      }
      if (result.isUnderflow()) {
        return utf8.flush(out.clear()).isUnderflow();
      }
    }
  }

  /** Bytes of the compact JSON, written into {@code out} unless it is null. */
  private static int compact(byte[] json, byte[] out) {
    int length = 0;
    boolean inString = false;
    boolean escaped = false;
    for (byte b : json) {
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
        continue;
      }
      if (out != null) {
        out[length] = b;
      }
      length++;
    }
    return length;
  }

  /** Appends the JSON, compact, and a newline. */
  static void appendLine(byte[] json, StringBuilder line) {
    line.ensureCapacity(line.length() + json.length + 1);
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    ByteBuffer piece = ByteBuffer.allocate(PIECE);
    CharBuffer chars = CharBuffer.allocate(PIECE);
    boolean inString = false;
    boolean escaped = false;
    for (byte b : json) {
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
        continue;
      }
      piece.put(b);
      if (!piece.hasRemaining()) {
        decode(utf8, piece, chars, line, /* last= */ false);
      }
    }
    decode(utf8, piece, chars, line, /* last= */ true);
    utf8.flush(chars);
    line.append(chars.flip()).append('\n');
  }

  /** Decodes the bytes gathered, keeping the start of a character they end in for the next piece. */
  private static void decode(CharsetDecoder utf8, ByteBuffer piece, CharBuffer chars, StringBuilder line,
      boolean last) {
    piece.flip();
    utf8.decode(piece, chars, last);
    line.append(chars.flip());
    chars.clear();
    piece.compact();
  }
}
