package sonar.sonalyze.output;

import java.util.List;

/**
 * JSON text as the reference writes it: compact, keys in the given order, strings escaped minimally
 * ({@code "}, backslash, control characters; {@code \b \f \n \r \t} by name, others as {@code \\u00xx}),
 * other characters as they are. Stateless.
 */
public final class Json {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {}

  /** {@code {"k1":"v1","k2":"v2"}}, every value a string. */
  public static void object(StringBuilder out, List<String> keys, List<String> values) {
    out.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(out, keys.get(i));
      out.append(':');
      string(out, values.get(i));
    }
    out.append('}');
  }

  public static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
