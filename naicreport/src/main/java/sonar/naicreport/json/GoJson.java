package sonar.naicreport.json;

import sonar.format.GoFloat;
import sonar.format.JsonStrings;

/**
 * Writes JSON byte for byte as Go's {@code encoding/json} marshals it, which is what the dashboard and
 * the reference's tests read: compact, keys in the order written, floats in their shortest form without
 * {@code .0} ({@code 12.5}, {@code 300}), strings with {@code <}, {@code >} and {@code &} escaped as
 * {@code \u003c} etc. Not thread-safe.
 */
public final class GoJson {

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
    JsonStrings.appendGo(out, text);
  }
}
