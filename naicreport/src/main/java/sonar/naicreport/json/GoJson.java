package sonar.naicreport.json;

import sonar.format.GoFloat;

/**
 * Writes JSON byte for byte as Go's {@code encoding/json} marshals it, which is what the dashboard and
 * the reference's tests read: compact, keys in the order written, floats in their shortest form without
 * {@code .0} ({@code 12.5}, {@code 300}), strings with {@code <}, {@code >} and {@code &} escaped as
 * {@code \u003c} etc. Not thread-safe.
 */
public final class GoJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out = new StringBuilder(256);
  /** Whether the next value inside the current array or object needs a comma before it. */
  private boolean needsComma;

  public GoJson beginObject() {
    comma();
    out.append('{');
    needsComma = false;
    return this;
  }

  public GoJson endObject() {
    out.append('}');
    needsComma = true;
    return this;
  }

  public GoJson beginArray() {
    comma();
    out.append('[');
    needsComma = false;
    return this;
  }

  public GoJson endArray() {
    out.append(']');
    needsComma = true;
    return this;
  }

  /** A key inside an object; its value follows. */
  public GoJson key(String name) {
    comma();
    string(out, name);
    out.append(':');
    needsComma = false;
    return this;
  }

  public GoJson value(String text) {
    comma();
    string(out, text);
    needsComma = true;
    return this;
  }

  /**
   * @throws IllegalArgumentException for NaN and infinities, which Go refuses to marshal
   */
  public GoJson value(double number) {
    comma();
    out.append(GoFloat.formatJson(number));
    needsComma = true;
    return this;
  }

  public GoJson value(long number) {
    comma();
    out.append(number);
    needsComma = true;
    return this;
  }

  public GoJson field(String name, String text) {
    return key(name).value(text);
  }

  public GoJson field(String name, double number) {
    return key(name).value(number);
  }

  public GoJson field(String name, long number) {
    return key(name).value(number);
  }

  private void comma() {
    if (needsComma) {
      out.append(',');
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** Go's string encoding with HTML escaping on, its default. */
  static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> unicodeEscape(out, c);
        default -> {
          if (c < 0x20) {
            unicodeEscape(out, c);
          } else if (Character.isSurrogate(c)) {
            // A valid pair is one rune, written raw; a lone half is invalid UTF-16, which Go (reading
            // invalid UTF-8) writes as the replacement character.
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
              out.append(c).append(text.charAt(++i));
            } else {
              out.append("\\ufffd");
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
  }
}
