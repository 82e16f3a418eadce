package sonar.infiltrate.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON text made compact for storage, one message per line: white space outside strings goes, every
 * other byte stays as received (numbers, escapes and key order untouched). Only for text a parser has
 * already accepted, so its UTF-8 is valid. Written straight into the line of a batch, a piece at a time,
 * so that a large message is not held again as a whole compact copy. Stateless.
 */
final class JsonText {

  private static final int PIECE = 8192;

  private JsonText() {}

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
