package sonar.naicreport.cli;

/**
 * Go's {@code strconv} where the reference relies on it for text that is not a number: booleans as
 * {@code ParseBool} reads them, strings as {@code Quote} (and {@code %q}) writes them. Stateless.
 */
public final class GoStrconv {

  private GoStrconv() {}

  /** {@code strconv.ParseBool}: null when the text is none of its spellings. */
  public static Boolean parseBool(String text) {
    return switch (text) {
      case "1", "t", "T", "true", "TRUE", "True" -> Boolean.TRUE;
      case "0", "f", "F", "false", "FALSE", "False" -> Boolean.FALSE;
      default -> null;
    };
  }

  /** {@code strconv.Quote} of text without unprintable characters beyond the ASCII controls. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
