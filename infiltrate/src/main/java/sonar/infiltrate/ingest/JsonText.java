package sonar.infiltrate.ingest;

import java.nio.charset.StandardCharsets;

/**
 * JSON text made compact for storage, one message per line: white space outside strings goes, every
 * other byte stays as received (numbers, escapes and key order untouched). Only for text a parser has
 * already accepted. Stateless.
 */
final class JsonText {

  private JsonText() {}

  static String compact(byte[] json, int offset, int length) {
    byte[] out = new byte[length];
    int size = 0;
    boolean inString = false;
    boolean escaped = false;
    for (int i = offset; i < offset + length; i++) {
      byte b = json[i];
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
      out[size++] = b;
    }
    return new String(out, 0, size, StandardCharsets.UTF_8);
  }
}
