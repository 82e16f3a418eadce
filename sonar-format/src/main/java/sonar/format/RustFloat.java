package sonar.format;

import java.io.IOException;

/**
 * Writes doubles as Rust's {@code format!("{}", x)} does for an {@code f64}, the way the reference
 * analysis program prints every float: the shortest digits that read back as the same value, never in
 * exponent form, no {@code .0} on whole numbers ({@code 12.5}, {@code 300}, {@code 0.0000001},
 * {@code 1000000000000000000000}), and {@code NaN}, {@code inf}, {@code -inf}, {@code -0}. Stateless.
 */
public final class RustFloat {

  private RustFloat() {}

  public static String format(double value) {
    StringBuilder out = new StringBuilder(24);
    append(out, value);
    return out.toString();
  }

  public static void append(StringBuilder out, double value) {
    if (Double.isNaN(value)) {
      out.append("NaN");
      return;
    }
    if (Double.isInfinite(value)) {
      out.append(value > 0 ? "inf" : "-inf");
      return;
    }
    if (Double.doubleToRawLongBits(value) < 0) {
      out.append('-');
    }
    double magnitude = Math.abs(value);
    if (magnitude < 0x1p53 && magnitude == Math.rint(magnitude)) { // the common case: a whole number
      out.append((long) magnitude);
      return;
    }
    try {
      GoFloat.appendPlainForm(out, ShortestDecimal.of(magnitude));
    } catch (IOException e) {
      throw new AssertionError("a StringBuilder does not throw", e);
    }
  }
}
