package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ShortestDecimalTest {

  @Test
  void itsTablesAreThePowersOfFiveAndTheirInversesAsBigIntegerComputesThem() {
    BigInteger pow = BigInteger.ONE;
    for (int i = 0; i < ShortestDecimalTables.POW5_INV_HIGH.length; i++, pow = pow.multiply(BigInteger.valueOf(5))) {
      int bits = pow.bitLength();
      if (i < ShortestDecimalTables.POW5_HIGH.length) {
        BigInteger scaled = bits <= 125 ? pow.shiftLeft(125 - bits) : pow.shiftRight(bits - 125);
        assertThat(ShortestDecimalTables.POW5_HIGH[i]).as("5^%d, high", i).isEqualTo(scaled.shiftRight(64).longValue());
        assertThat(ShortestDecimalTables.POW5_LOW[i]).as("5^%d, low", i).isEqualTo(scaled.longValue());
      }
      BigInteger inverse = BigInteger.ONE.shiftLeft(bits - 1 + 125).divide(pow).add(BigInteger.ONE);
      assertThat(ShortestDecimalTables.POW5_INV_HIGH[i]).as("1/5^%d, high", i).isEqualTo(inverse.shiftRight(64)
          .longValue());
      assertThat(ShortestDecimalTables.POW5_INV_LOW[i]).as("1/5^%d, low", i).isEqualTo(inverse.longValue());
    }
    assertThat(ShortestDecimalTables.POW5_HIGH).hasSize(326);
    assertThat(ShortestDecimalTables.POW5_INV_HIGH).hasSize(342);
  }

  @Test
  void matchesTheShortestDigitsOfAJdkWithShortestToString() throws IOException {
    int checked = 0;
    try (BufferedReader oracle = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(getClass().getResourceAsStream("/shortest-doubles.txt.gz")), StandardCharsets.US_ASCII))) {
      for (String line = oracle.readLine(); line != null; line = oracle.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(" ");
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
        assertThat(ShortestDecimal.of(value))
            .as("%s (bits %s)", value, parts[0])
            .isEqualTo(new ShortestDecimal(parts[1], Integer.parseInt(parts[2])));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(20_000);
  }

  @Test
  void agreesWithExactArithmeticOnDecimalsLikeSonarPrints() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long unscaled = random.nextLong(1, 100_000_000L);
      int scale = random.nextInt(0, 8);
      double value = unscaled / Math.pow(10, scale);
      assertThat(ShortestDecimal.of(value)).as("%s", value).isEqualTo(exactShortest(value));
    }
  }

  @Test
  void agreesWithExactArithmeticOnArbitraryDoubles() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE);
      if (Double.isFinite(value) && value != 0) {
        assertThat(ShortestDecimal.of(value)).as("%s", value).isEqualTo(exactShortest(value));
      }
    }
  }

  @Test
  void agreesWithExactArithmeticOnPowersOfTwoAndTheirNeighbours() {
    for (int exponent = -1074; exponent <= 1023; exponent++) {
      double power = Math.scalb(1.0, exponent);
      for (double value : new double[] {power, Math.nextUp(power), Math.nextDown(power)}) {
        if (value > 0 && Double.isFinite(value)) {
          assertThat(ShortestDecimal.of(value)).as("%s", value).isEqualTo(exactShortest(value));
        }
      }
    }
  }

  @Test
  void everyResultReadsBackAsTheSameDouble() {
    SplittableRandom random = new SplittableRandom(13);
    for (int i = 0; i < 1_000_000; i++) {
      double value = Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE);
      if (Double.isFinite(value) && value != 0) {
        ShortestDecimal decimal = ShortestDecimal.of(value);
        double back = Double.parseDouble("0." + decimal.digits() + "e" + decimal.pointPosition());
        assertThat(back).as("%s", value).isEqualTo(value);
      }
    }
  }

  @Test
  void zeroIsOneDigit() {
    assertThat(ShortestDecimal.of(0.0)).isEqualTo(new ShortestDecimal("0", 1));
  }

  /**
   * The definition, by brute force: for each length from 1, the decimals of that length nearest to the
   * value from below and above; the first that reads back wins, the nearer one if both do.
   */
  private static ShortestDecimal exactShortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      for (BigDecimal candidate : List.of(nearest,
          exact.round(new MathContext(precision, RoundingMode.CEILING)),
          exact.round(new MathContext(precision, RoundingMode.FLOOR)))) {
        if (candidate.doubleValue() == value) {
          BigDecimal stripped = candidate.stripTrailingZeros();
          String digits = stripped.unscaledValue().toString();
          return new ShortestDecimal(digits, digits.length() - stripped.scale());
        }
      }
    }
    throw new AssertionError("no 17-digit decimal reads back as " + value);
  }
}
