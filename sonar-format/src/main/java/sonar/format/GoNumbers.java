package sonar.format;

/**
 * Parses numbers as the reference sender does with Go's {@code strconv}: unsigned integers as
 * {@code ParseUint(s, 10, 64)} (decimal digits only) and doubles as {@code ParseFloat(s, 64)} (decimal or
 * hexadecimal with a {@code p} exponent, digit-separating underscores, {@code inf}, {@code infinity} and
 * {@code nan} in any case; out of range is an error). Stateless.
 */
public final class GoNumbers {

  private static final long MAX_UNSIGNED_DIV_10 = Long.divideUnsigned(-1L, 10);
  private static final long MAX_UNSIGNED_MOD_10 = Long.remainderUnsigned(-1L, 10);

  private GoNumbers() {}

  /**
   * @return the value as an unsigned 64-bit integer
   * @throws NumberFormatException when text is not 1 to 20 decimal digits within 2^64-1
   */
  public static long parseUnsigned(String text) {
    if (text.isEmpty()) {
      throw new NumberFormatException("empty integer");
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        throw new NumberFormatException("not an unsigned decimal integer: " + text);
      }
      if (Long.compareUnsigned(value, MAX_UNSIGNED_DIV_10) > 0
          || (value == MAX_UNSIGNED_DIV_10 && digit > MAX_UNSIGNED_MOD_10)) {
        throw new NumberFormatException("integer out of range: " + text);
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /**
   * @throws NumberFormatException when text is not Go float syntax or its magnitude is beyond the largest double
   */
  public static double parseFloat(String text) {
    double plain = plainDecimal(text);
    if (plain >= 0) {
      return plain;
    }
    char first = text.isEmpty() ? 0 : text.charAt(0);
    if (first < '0' || first > '9') { // a digit first, as sonar prints them, is never nan or inf
      Double special = special(text);
      if (special != null) {
        return special;
      }
    }
    if (!wellFormed(text) || (text.indexOf('_') >= 0 && !underscoresOk(text))) {
      throw new NumberFormatException("not a number: " + text);
    }
    double value = Double.parseDouble(text.indexOf('_') < 0 ? text : text.replace("_", ""));
    if (Double.isInfinite(value)) {
      throw new NumberFormatException("number out of range: " + text);
    }
    return value;
  }

  /** Exact powers of ten, as doubles: every one up to 10^22 is. */
  static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
      1e13, 1e14, 1e15};

  /** Digits a decimal may have in all for {@link #exactDecimal} to read it. */
  static final int MAX_EXACT_DIGITS = 15;

  /**
   * A decimal as sonar prints them, digits with at most one point and at most 15 digits in all
   * ({@code 99.5}), read without the general parser (see {@link #exactDecimal}). Cheaper in a cold JVM,
   * where each run parses a few hundred such values, and in the server, which reads three in every record
   * of JSON it takes.
   *
   * @return the value, or -1 when text is not such a decimal
   */
  static double plainDecimal(CharSequence text) {
    int length = text.length();
    if (length == 0 || length > 16) {
      return -1;
    }
    long digits = 0;
    int count = 0;
    int point = -1;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = digits * 10 + (c - '0');
        count++;
      } else if (c == '.' && point < 0) {
        point = i;
      } else {
        return -1;
      }
    }
    if (count == 0 || count > MAX_EXACT_DIGITS) {
      return -1;
    }
    return exactDecimal(digits, point < 0 ? 0 : length - point - 1);
  }

  /**
   * The decimal of the given digits, read as an integer, with the given number of them after the point;
   * at most {@link #MAX_EXACT_DIGITS} in all. The integer, below 10^15, is exact as a double, and so is
   * the power of ten, so their quotient is correctly rounded, which is what {@code ParseFloat} gives.
   */
  static double exactDecimal(long digits, int fractionDigits) {
    return digits / POWERS_OF_TEN[fractionDigits];
  }

  private static Double special(String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    return switch (lower) {
      case "nan" -> Double.NaN;
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> null;
    };
  }

  /**
   * Go's float literal grammar, with underscores skipped: sign, a mantissa with at least one digit and
   * an optional point, then an exponent ({@code e} for decimal, mandatory {@code p} after {@code 0x}).
   */
  private static boolean wellFormed(String text) {
    int at = 0;
    int length = text.length();
    if (at < length && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
      at++;
    }
    boolean hex = at + 2 < length && text.charAt(at) == '0' && (text.charAt(at + 1) | 0x20) == 'x';
    if (hex) {
      at += 2;
    }
    int digits = 0;
    boolean point = false;
    for (; at < length; at++) {
      char c = text.charAt(at);
      if (isDigit(c, hex)) {
        digits++;
      } else if (c == '.' && !point) {
        point = true;
      } else if (c != '_') {
        break;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (at < length && (text.charAt(at) | 0x20) == (hex ? 'p' : 'e')) {
      at++;
      if (at < length && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
        at++;
      }
      if (at >= length || !isDigit(text.charAt(at), false)) {
        return false;
      }
      while (at < length && (isDigit(text.charAt(at), false) || text.charAt(at) == '_')) {
        at++;
      }
    } else if (hex) {
      return false;
    }
    return at == length;
  }

  /** Go's rule: an underscore must sit between digits, or between a base prefix and a digit. */
  private static boolean underscoresOk(String text) {
    char previous = '^'; // '^' start, '0' digit or prefix, '_' underscore, '!' anything else
    int at = 0;
    if (!text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-')) {
      at = 1;
    }
    boolean hex = false;
    if (text.length() - at >= 2 && text.charAt(at) == '0' && "box".indexOf(text.charAt(at + 1) | 0x20) >= 0) {
      hex = (text.charAt(at + 1) | 0x20) == 'x';
      at += 2;
      previous = '0';
    }
    for (; at < text.length(); at++) {
      char c = text.charAt(at);
      if (isDigit(c, hex)) {
        previous = '0';
      } else if (c == '_') {
        if (previous != '0') {
          return false;
        }
        previous = '_';
      } else if (previous == '_') {
        return false;
      } else {
        previous = '!';
      }
    }
    return previous != '_';
  }

  private static boolean isDigit(char c, boolean hex) {
    return (c >= '0' && c <= '9') || (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'));
  }
}
