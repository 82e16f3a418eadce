package sonar.infiltrate.ingest;

/**
 * Takes the white space outside strings out of JSON text a piece at a time, in place, keeping every
 * other byte as it is; whether the text is inside a string, and after a backslash, carries over from one
 * piece to the next. A run of bytes inside a string, most of a large message, is passed over in one tight
 * loop and moved at most once. Not thread-safe; one per reading.
 */
final class Compactor {

  private boolean inString;
  private boolean escaped;

  /** Compacts bytes[from, to) to bytes[from, returned end). */
  int compact(byte[] bytes, int from, int to) {
    int kept = from;
    int at = from;
    while (at < to) {
      if (!inString) {
        byte b = bytes[at++];
        if (b == '"') {
          inString = true;
        } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
          continue;
        }
        bytes[kept++] = b;
      } else if (escaped) {
        escaped = false;
        bytes[kept++] = bytes[at++];
      } else {
        int start = at;
        while (at < to && bytes[at] != '"' && bytes[at] != '\\') {
          at++;
        }
        if (kept != start) {
          System.arraycopy(bytes, start, bytes, kept, at - start);
        }
        kept += at - start;
        if (at < to) {
          byte b = bytes[at++];
          escaped = b == '\\';
          inString = escaped;
          bytes[kept++] = b;
        }
      }
    }
    return kept;
  }
}
