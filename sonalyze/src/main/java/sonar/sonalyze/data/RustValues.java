package sonar.sonalyze.data;

import java.nio.charset.StandardCharsets;

/**
 * Reads field values from bytes as the reference analysis program does with Rust's {@code from_str}:
 * unsigned 32-bit integers ({@code +} allowed, no other sign, digits only) and 64-bit floats (decimal
 * with optional point and exponent, {@code NaN} in any case; infinities, which the reference drops, are
 * refused here). Stateless.
 */
final class RustValues {

  /** What {@link #u32} answers for text that is not an unsigned 32-bit integer. */
  static final long BAD_INTEGER = -1;
  /** What {@link #f64} answers for text that is not a finite number or NaN; test with {@link #isBad}. */
  static final double BAD_FLOAT = Double.longBitsToDouble(0x7ff8_dead_beef_0001L);

  private static final long MAX_U32 = 0xffff_ffffL;
  /** Powers of ten that doubles hold exactly: below them, digits over a power is correctly rounded. */
  private static final double[] EXACT_POWERS_OF_TEN = new double[23];
  private static final int EXACT_DIGITS = 15;

  static {
    double power = 1;
    for (int i = 0; i < EXACT_POWERS_OF_TEN.length; i++) {
      EXACT_POWERS_OF_TEN[i] = power;
      power *= 10;
    }
  }

  private RustValues() {}

  static boolean isBad(double value) {
    return Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(BAD_FLOAT);
  }

  static long u32(byte[] text, int start, int end) {
    int at = start;
    if (at < end && text[at] == '+') {
      at++;
    }
    if (at == end) {
      return BAD_INTEGER;
    }
    long value = 0;
    for (; at < end; at++) {
      int digit = text[at] - '0';
      if (digit < 0 || digit > 9) {
        return BAD_INTEGER;
      }
      value = value * 10 + digit;
      if (value > MAX_U32) {
        return BAD_INTEGER;
      }
    }
    return value;
  }

  /** An unsigned 64-bit integer as sonar writes the newer counters; BAD_INTEGER when it is not one. */
  static long u63(byte[] text, int start, int end) {
    if (start == end || end - start > 18) {
      return BAD_INTEGER;
    }
    long value = 0;
    for (int at = start; at < end; at++) {
      int digit = text[at] - '0';
      if (digit < 0 || digit > 9) {
        return BAD_INTEGER;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  static double f64(byte[] text, int start, int end) {
    int at = start;
    boolean negative = false;
    if (at < end && (text[at] == '+' || text[at] == '-')) {
      negative = text[at] == '-';
      at++;
    }
    long mantissa = 0;
    int significant = 0;
    int exponent = 0;
    boolean anyDigit = false;
    boolean exact = true;
    for (; at < end && text[at] >= '0' && text[at] <= '9'; at++) {
      anyDigit = true;
      if (significant < 18) {
        mantissa = mantissa * 10 + (text[at] - '0');
        if (mantissa != 0) {
          significant++;
        }
      } else {
        exponent++;
        exact = false;
      }
    }
    if (at < end && text[at] == '.') {
      at++;
      for (; at < end && text[at] >= '0' && text[at] <= '9'; at++) {
        anyDigit = true;
        if (significant < 18) {
          mantissa = mantissa * 10 + (text[at] - '0');
          if (mantissa != 0) {
            significant++;
          }
          exponent--;
        } else {
          exact = false;
        }
      }
    }
    if (!anyDigit) {
      return isNan(text, at, end) ? Double.NaN : BAD_FLOAT;
    }
    if (at < end && (text[at] | 0x20) == 'e') {
      at++;
      boolean negativeExponent = false;
      if (at < end && (text[at] == '+' || text[at] == '-')) {
        negativeExponent = text[at] == '-';
        at++;
      }
      if (at == end) {
        return BAD_FLOAT;
      }
      int written = 0;
      for (; at < end && text[at] >= '0' && text[at] <= '9'; at++) {
        if (written < 100_000) {
          written = written * 10 + (text[at] - '0');
        }
      }
      exponent += negativeExponent ? -written : written;
    }
    if (at != end) {
      return BAD_FLOAT;
    }
    double value;
    if (exact && significant <= EXACT_DIGITS && exponent >= -22 && exponent <= 22) {
      value = exponent < 0 ? mantissa / EXACT_POWERS_OF_TEN[-exponent] : mantissa * EXACT_POWERS_OF_TEN[exponent];
      value = negative ? -value : value;
    } else {
      // The syntax is checked above, so Java's parser, correctly rounded, reads the same value.
      value = Double.parseDouble(new String(text, start, end - start, StandardCharsets.ISO_8859_1));
    }
    return Double.isInfinite(value) ? BAD_FLOAT : value;
  }

  private static boolean isNan(byte[] text, int at, int end) {
    return end - at == 3 && (text[at] | 0x20) == 'n' && (text[at + 1] | 0x20) == 'a' && (text[at + 2] | 0x20) == 'n';
  }

  /** Whether text[start, end) is well-formed UTF-8 (no overlong forms, no surrogates). */
  static boolean isUtf8(byte[] text, int start, int end) {
    int at = start;
    while (at < end) {
      int b = text[at] & 0xff;
      if (b < 0x80) {
        at++;
        continue;
      }
      int length;
      int min;
      if (b >= 0xc2 && b <= 0xdf) {
        length = 2;
        min = 0x80;
      } else if (b >= 0xe0 && b <= 0xef) {
        length = 3;
        min = 0x800;
      } else if (b >= 0xf0 && b <= 0xf4) {
        length = 4;
        min = 0x10000;
      } else {
        return false;
      }
      if (at + length > end) {
        return false;
      }
      int code = b & (0x7f >> length);
      for (int i = 1; i < length; i++) {
        int next = text[at + i] & 0xff;
        if ((next & 0xc0) != 0x80) {
          return false;
        }
        code = (code << 6) | (next & 0x3f);
      }
      if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        return false;
      }
      at += length;
    }
    return true;
  }
}
