package sonar.format;

/**
 * How JSON strings are escaped, in one place for every writer of JSON by hand: Go's {@code encoding/json}
 * (1.22 and later, HTML escaping on, its default), which the sender's wire form and the reports follow,
 * and the minimal escaping of the analysis' reference (quote, backslash and controls only). Both write
 * {@code \b \f \n \r \t} by name and other controls by their code in hex. Stateless; thread-safe.
 */
public final class JsonStrings {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** The escape of each ASCII character under Go's rules; null where it is written as it is. */
  private static final String[] GO = escapes(true);
  /** The same under the minimal rules. */
  private static final String[] MINIMAL = escapes(false);

  private JsonStrings() {}

  /**
   * Which ASCII characters Go escapes, by code, for writers that scan bytes: a copy, so no caller can
   * change the rules. Go also escapes U+2028 and U+2029, which are not ASCII.
   */
  public static boolean[] goEscapedAscii() {
    boolean[] escaped = new boolean[GO.length];
    for (int c = 0; c < GO.length; c++) {
      escaped[c] = GO[c] != null;
    }
    return escaped;
  }

  /** Go's escape of an ASCII character, null when Go writes it as it is. */
  public static String goEscape(char c) {
    return c < GO.length ? GO[c] : null;
  }

  /**
   * Appends the text as a JSON string as Go writes it: U+2028 and U+2029 escaped too, a valid surrogate
   * pair as it is, and a lone surrogate (invalid UTF-16, which Go reads as invalid UTF-8) as the
   * replacement character's escape.
   */
  public static void appendGo(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < GO.length) {
        String escape = GO[c];
        if (escape == null) {
          out.append(c);
        } else {
          out.append(escape);
        }
      } else if (c == '\u2028' || c == '\u2029') {
        unicodeEscape(out, c);
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          out.append(c).append(text.charAt(++i));
        } else {
          out.append("\\ufffd");
        }
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  /** Appends the text as a JSON string with the minimal escapes; every other character as it is. */
  public static void appendMinimal(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String escape = c < MINIMAL.length ? MINIMAL[c] : null;
      if (escape == null) {
        out.append(c);
      } else {
        out.append(escape);
      }
    }
    out.append('"');
  }

  private static String[] escapes(boolean html) {
    String[] escapes = new String[128];
    for (char c = 0; c < 0x20; c++) {
      escapes[c] = unicodeEscape(new StringBuilder(6), c).toString();
    }
    escapes['"'] = "\\\"";
    escapes['\\'] = "\\\\";
    escapes['\b'] = "\\b";
    escapes['\f'] = "\\f";
    escapes['\n'] = "\\n";
    escapes['\r'] = "\\r";
    escapes['\t'] = "\\t";
    if (html) {
      escapes['<'] = "\\u003c";
      escapes['>'] = "\\u003e";
      escapes['&'] = "\\u0026";
    }
    return escapes;
  }

  private static StringBuilder unicodeEscape(StringBuilder out, char c) {
    return out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15])
        .append(HEX[c & 15]);
  }
}
