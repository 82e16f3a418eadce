package sonar.format;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes doubles exactly as the reference Go programs do, for every double: the shortest digits that
 * read back as the same value, laid out as {@code strconv.FormatFloat(x, 'g', -1, 64)} (the stored CSV)
 * or as Go's {@code encoding/json} (the wire). Writes to any {@link Appendable}, a {@link StringBuilder}
 * or a {@link Utf8Builder} (the stored lines, written straight to bytes). Stateless.
 */
public final class GoFloat {

  /** Go's 'g' format with the shortest precision switches to exponent form at this decimal exponent. */
  private static final int G_EXPONENT_LIMIT = 6;

  /** Go's JSON encoder writes plain decimals only for magnitudes in [1e-6, 1e21). */
  private static final double JSON_PLAIN_MIN = 1e-6;
  private static final double JSON_PLAIN_LIMIT = 1e21;

  private GoFloat() {}

  /** As {@code strconv.FormatFloat(value, 'g', -1, 64)}: {@code 0.0001}, {@code 1e-05}, {@code 1e+06}. */
  public static String formatG(double value) {
    StringBuilder out = new StringBuilder(24);
    appendG(out, value);
    return out.toString();
  }

  /**
   * Appends {@link #formatG(double)} of value.
   *
   * @throws UncheckedIOException when out throws (a StringBuilder or a Utf8Builder never does)
   */
  public static <A extends Appendable> A appendG(A out, double value) {
    try {
      writeG(out, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void writeG(Appendable out, double value) throws IOException {
    if (Double.isNaN(value)) {
      out.append("NaN");
      return;
    }
    if (Double.isInfinite(value)) {
      out.append(value > 0 ? "+Inf" : "-Inf");
      return;
    }
    ShortestDecimal decimal = decimalOf(out, value);
    int exponent = decimal.pointPosition() - 1;
    if (exponent < -4 || exponent >= G_EXPONENT_LIMIT) {
      appendExponentForm(out, decimal, /* twoDigitExponent= */ true);
    } else {
      appendPlainForm(out, decimal);
    }
  }

  /**
   * As Go's JSON encoder writes a float64: {@code 1e-7}, {@code 0.000001}, {@code 1e+21}.
   *
   * @throws IllegalArgumentException for NaN and infinities, which JSON cannot carry
   */
  public static String formatJson(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("JSON has no representation for " + value);
    }
    StringBuilder out = new StringBuilder(24);
    try {
      writeJson(out, value);
    } catch (IOException e) {
      throw new AssertionError("a StringBuilder does not throw", e);
    }
    return out.toString();
  }

  private static void writeJson(Appendable out, double value) throws IOException {
    ShortestDecimal decimal = decimalOf(out, value);
    double magnitude = Math.abs(value);
    if (magnitude != 0 && (magnitude < JSON_PLAIN_MIN || magnitude >= JSON_PLAIN_LIMIT)) {
      appendExponentForm(out, decimal, /* twoDigitExponent= */ false);
    } else {
      appendPlainForm(out, decimal);
    }
  }

  /** Appends the sign (including that of negative zero) and returns the digits of the magnitude. */
  private static ShortestDecimal decimalOf(Appendable out, double value) throws IOException {
    if (Double.doubleToRawLongBits(value) < 0) {
      out.append('-');
    }
    return ShortestDecimal.of(Math.abs(value));
  }

  private static void appendExponentForm(Appendable out, ShortestDecimal decimal, boolean twoDigitExponent)
      throws IOException {
    String digits = decimal.digits();
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    int exponent = decimal.pointPosition() - 1;
    out.append('e').append(exponent < 0 ? '-' : '+');
    int magnitude = Math.abs(exponent);
    if (magnitude < 10 && twoDigitExponent) {
      out.append('0');
    }
    if (magnitude >= 100) { // at most 324
      out.append((char) ('0' + magnitude / 100));
    }
    if (magnitude >= 10) {
      out.append((char) ('0' + magnitude / 10 % 10));
    }
    out.append((char) ('0' + magnitude % 10));
  }

  /** The digits without an exponent: {@code 0.00001}, {@code 1230000}, {@code 12.5}. */
  static void appendPlainForm(Appendable out, ShortestDecimal decimal) throws IOException {
    String digits = decimal.digits();
    int point = decimal.pointPosition();
    if (point <= 0) {
      out.append("0.");
      for (int i = point; i < 0; i++) {
        out.append('0');
      }
      out.append(digits);
    } else if (point >= digits.length()) {
      out.append(digits);
      for (int i = digits.length(); i < point; i++) {
        out.append('0');
      }
    } else {
      out.append(digits, 0, point).append('.').append(digits, point, digits.length());
    }
  }
}
