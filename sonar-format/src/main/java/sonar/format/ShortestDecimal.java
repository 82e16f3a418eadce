package sonar.format;

/**
 * The shortest decimal that reads back as a given double, and among those the closest: the digits Go's
 * {@code strconv.FormatFloat(x, fmt, -1, 64)} prints. Java 17's {@code Double.toString} is sometimes
 * longer than that, so it cannot be used. Computed with Ulf Adams' Ryū algorithm (PLDI 2018) in 64-bit
 * arithmetic against 128-bit tables of powers of five, so every double costs about the same, however
 * large or small. Immutable.
 *
 * @param digits significant digits, no leading or trailing zeros ("0" for zero)
 * @param pointPosition where the decimal point goes: value = 0.DIGITS × 10^pointPosition
 */
record ShortestDecimal(String digits, int pointPosition) {

  private static final int MANTISSA_BITS = 52;
  private static final int EXPONENT_BIAS = 1023;
  private static final int POW5_INV_BITCOUNT = 125;
  private static final int POW5_BITCOUNT = 125;
  private static final long[] POW5_HIGH = ShortestDecimalTables.POW5_HIGH;
  private static final long[] POW5_LOW = ShortestDecimalTables.POW5_LOW;
  private static final long[] POW5_INV_HIGH = ShortestDecimalTables.POW5_INV_HIGH;
  private static final long[] POW5_INV_LOW = ShortestDecimalTables.POW5_INV_LOW;

  private static final double[] POWERS_OF_TEN = GoNumbers.POWERS_OF_TEN;
  /** Below this, decimals k fraction digits apart are more than two units in the last place apart. */
  private static final double FEW_DIGITS_LIMIT = 0x1p51;

  /** @param value finite and not negative */
  static ShortestDecimal of(double value) {
    if (value == 0) {
      return new ShortestDecimal("0", 1);
    }
    if (value < 0x1p53 && value == Math.rint(value)) { // a whole number is its own shortest form
      String whole = Long.toString((long) value);
      int end = whole.length();
      while (whole.charAt(end - 1) == '0') {
        end--;
      }
      return new ShortestDecimal(whole.substring(0, end), whole.length());
    }
    ShortestDecimal few = fewFractionDigits(value);
    if (few != null) {
      return few;
    }
    long bits = Double.doubleToRawLongBits(value);
    long ieeeMantissa = bits & ((1L << MANTISSA_BITS) - 1);
    int ieeeExponent = (int) (bits >>> MANTISSA_BITS) & 0x7FF;
    int e2;
    long m2;
    if (ieeeExponent == 0) {
      e2 = 1 - EXPONENT_BIAS - MANTISSA_BITS - 2;
      m2 = ieeeMantissa;
    } else {
      e2 = ieeeExponent - EXPONENT_BIAS - MANTISSA_BITS - 2;
      m2 = (1L << MANTISSA_BITS) | ieeeMantissa;
    }
    boolean acceptBounds = (m2 & 1) == 0; // round-half-even: the interval's ends read back too
    long mv = 4 * m2;
    // The interval below is half as wide where the exponent steps down (mantissa all zeros).
    int mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1 : 0;
    long mp = mv + 2;
    long mm = mv - 1 - mmShift;

    // Step 1: the interval [vm, vp] around vr = value, all scaled by 10^-e10.
    long vr;
    long vp;
    long vm;
    int e10;
    boolean vmIsTrailingZeros = false;
    boolean vrIsTrailingZeros = false;
    if (e2 >= 0) {
      int q = log10Pow2(e2) - (e2 > 3 ? 1 : 0);
      e10 = q;
      int shift = -e2 + q + POW5_INV_BITCOUNT + pow5bits(q) - 1;
      vr = mulShift(mv, POW5_INV_LOW[q], POW5_INV_HIGH[q], shift);
      vp = mulShift(mp, POW5_INV_LOW[q], POW5_INV_HIGH[q], shift);
      vm = mulShift(mm, POW5_INV_LOW[q], POW5_INV_HIGH[q], shift);
      if (q <= 21) { // only then can the scaled values be exact, with trailing zeros cut off
        if (mv % 5 == 0) {
          vrIsTrailingZeros = multipleOfPowerOf5(mv, q);
        } else if (acceptBounds) {
          vmIsTrailingZeros = multipleOfPowerOf5(mm, q);
        } else if (multipleOfPowerOf5(mp, q)) {
          vp--;
        }
      }
    } else {
      int q = log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
      e10 = q + e2;
      int i = -e2 - q;
      int shift = q - (pow5bits(i) - POW5_BITCOUNT);
      vr = mulShift(mv, POW5_LOW[i], POW5_HIGH[i], shift);
      vp = mulShift(mp, POW5_LOW[i], POW5_HIGH[i], shift);
      vm = mulShift(mm, POW5_LOW[i], POW5_HIGH[i], shift);
      if (q <= 1) {
        vrIsTrailingZeros = true; // mv has at least q trailing zero bits, as it is 4 * m2
        if (acceptBounds) {
          vmIsTrailingZeros = mmShift == 1;
        } else {
          vp--;
        }
      } else if (q < 63) {
        vrIsTrailingZeros = multipleOfPowerOf2(mv, q);
      }
    }

    // Step 2: drop digits while the interval still holds a shorter decimal.
    int removed = 0;
    long output;
    if (vmIsTrailingZeros || vrIsTrailingZeros) {
      int lastRemovedDigit = 0;
      while (vp / 10 > vm / 10) {
        vmIsTrailingZeros &= vm % 10 == 0;
        vrIsTrailingZeros &= lastRemovedDigit == 0;
        lastRemovedDigit = (int) (vr % 10);
        vr /= 10;
        vp /= 10;
        vm /= 10;
        removed++;
      }
      if (vmIsTrailingZeros) {
        while (vm % 10 == 0) {
          vrIsTrailingZeros &= lastRemovedDigit == 0;
          lastRemovedDigit = (int) (vr % 10);
          vr /= 10;
          vp /= 10;
          vm /= 10;
          removed++;
        }
      }
      if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0) {
        lastRemovedDigit = 4; // an exact tie: round to even
      }
      boolean roundUp = (vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5;
      output = vr + (roundUp ? 1 : 0);
    } else {
      boolean roundUp = false;
      while (vp / 10 > vm / 10) {
        roundUp = vr % 10 >= 5;
        vr /= 10;
        vp /= 10;
        vm /= 10;
        removed++;
      }
      output = vr + (vr == vm || roundUp ? 1 : 0);
    }
    String unscaled = Long.toString(output);
    int end = unscaled.length();
    while (end > 1 && unscaled.charAt(end - 1) == '0') {
      end--;
    }
    return new ShortestDecimal(unscaled.substring(0, end), unscaled.length() + e10 + removed);
  }

  /** (m × (high·2^64 + low)) >> shift, for m below 2^55 and a result that fits in 63 bits. */
  /**
   * The shortest form of a value that some decimal with at most 15 fraction digits, and fewer than 2^51 in
   * all, reads back as, as sonar's values mostly are (99.5, 12.25): the least k for which
   * {@code n / 10^k}, with n the value times 10^k rounded, is the value. Then n / 10^k is exactly the
   * double that parsing the decimal gives (both are correctly rounded, and n and 10^k are exact), and no
   * other decimal of k fraction digits reads back as the value, as they are more than its rounding
   * interval apart: so it is the shortest, and the closest. Cheaper than the general algorithm in a cold
   * JVM, where each run formats a few hundred such values.
   *
   * @return null when no such decimal exists
   */
  private static ShortestDecimal fewFractionDigits(double value) {
    for (int k = 1; k < POWERS_OF_TEN.length && value * POWERS_OF_TEN[k] < FEW_DIGITS_LIMIT; k++) {
      double scaled = Math.rint(value * POWERS_OF_TEN[k]);
      if (scaled / POWERS_OF_TEN[k] == value) {
        // No trailing zero: with one, k - 1 digits would have read back already. 0.05 is "5", point -1.
        String digits = Long.toString((long) scaled);
        return new ShortestDecimal(digits, digits.length() - k);
      }
    }
    return null;
  }

  private static long mulShift(long m, long low, long high, int shift) {
    long lowProductHigh = unsignedMultiplyHigh(m, low);
    long highProductLow = m * high;
    long highProductHigh = Math.multiplyHigh(m, high);
    long sumLow = lowProductHigh + highProductLow;
    long sumHigh = highProductHigh + (Long.compareUnsigned(sumLow, lowProductHigh) < 0 ? 1 : 0);
    int s = shift - 64;
    if (s == 0) {
      return sumLow;
    }
    return s < 64 ? (sumHigh << (64 - s)) | (sumLow >>> s) : sumHigh >>> (s - 64);
  }

  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** ceil(log2(5^e)), or 1 for e = 0; exact for 0 <= e <= 3528. */
  private static int pow5bits(int e) {
    return (int) (((long) e * 1217359) >>> 19) + 1;
  }

  /** floor(log10(2^e)); exact for 0 <= e <= 1650. */
  private static int log10Pow2(int e) {
    return (int) (((long) e * 78913) >>> 18);
  }

  /** floor(log10(5^e)); exact for 0 <= e <= 2620. */
  private static int log10Pow5(int e) {
    return (int) (((long) e * 732923) >>> 20);
  }

  private static boolean multipleOfPowerOf5(long value, int p) {
    int count = 0;
    while (value % 5 == 0 && value != 0) {
      value /= 5;
      count++;
    }
    return count >= p;
  }

  private static boolean multipleOfPowerOf2(long value, int p) {
    return (value & ((1L << p) - 1)) == 0;
  }
}
