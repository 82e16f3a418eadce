package sonar.sonalyze.output;

import java.util.List;
import sonar.format.JsonStrings;

/**
 * JSON text as the reference writes it: compact, keys in the given order, strings escaped minimally
 * ({@code "}, backslash, control characters; {@code \b \f \n \r \t} by name, others as {@code \\u00xx}),
 * other characters as they are. Stateless.
 */
public final class Json {

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
    JsonStrings.appendMinimal(out, text);
  }
}
