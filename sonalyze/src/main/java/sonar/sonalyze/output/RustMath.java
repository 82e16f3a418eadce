package sonar.sonalyze.output;

/** Rust's float arithmetic where Java's differs, for the same numbers as the reference. Stateless. */
public final class RustMath {

  private RustMath() {}

  /** {@code f64::round}: halves away from zero ({@code Math.round} takes -2.5 to -2). */
  public static double round(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    double whole = value < 0 ? Math.ceil(value) : Math.floor(value);
    double fraction = Math.abs(value - whole);
    if (fraction >= 0.5) {
      return whole + Math.copySign(1.0, value);
    }
    return whole == 0 ? Math.copySign(0.0, value) : whole;
  }

  /** {@code f64 as i64}: toward zero, saturating, NaN to 0; what Java's cast does. */
  public static long toLong(double value) {
    return (long) value;
  }
}
