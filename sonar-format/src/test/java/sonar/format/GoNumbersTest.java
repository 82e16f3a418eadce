package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoNumbersTest {

  /** Plain decimals take a shorter path than other numbers: it must read them exactly as Java's parser does. */
  @Test
  void readsPlainDecimalsExactlyAsTheGeneralParserDoes() {
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 200_000; i++) {
      int digits = random.nextInt(1, 16);
      StringBuilder text = new StringBuilder();
      for (int d = 0; d < digits; d++) {
        text.append((char) ('0' + random.nextInt(10)));
      }
      if (random.nextBoolean()) {
        text.insert(random.nextInt(text.length() + 1), '.');
      }
      String number = text.toString();
      if (number.equals(".")) {
        continue;
      }
      assertThat(Double.doubleToRawLongBits(GoNumbers.parseFloat(number)))
          .as(number).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(number)));
    }
  }

  @Test
  void parsesUnsignedIntegersUpTo64Bits() {
    assertThat(GoNumbers.parseUnsigned("0")).isZero();
    assertThat(GoNumbers.parseUnsigned("007")).isEqualTo(7);
    assertThat(Long.toUnsignedString(GoNumbers.parseUnsigned("18446744073709551615")))
        .isEqualTo("18446744073709551615");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "+1", "1_000", "0x10", "1.0", "18446744073709551616", " 1", "1x92"})
  void refusesWhatParseUintRefuses(String text) {
    assertThatThrownBy(() -> GoNumbers.parseUnsigned(text)).isInstanceOf(NumberFormatException.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "4.1, 4.1",
      "-2.5, -2.5",
      "1_000, 1000",
      "1e3, 1000",
      "1E+3, 1000",
      ".5, 0.5",
      "5., 5",
      "0x1p4, 16",
      "0x1.8p1, 3",
      "0x_1p4, 16",
      "1_0.2_5e1_0, 1.025e11",
      "1e-400, 0",
  })
  void parsesWhatParseFloatParses(String text, double expected) {
    assertThat(GoNumbers.parseFloat(text)).isEqualTo(expected);
  }

  @Test
  void parsesInfinityAndNanInAnyCase() {
    assertThat(GoNumbers.parseFloat("inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(GoNumbers.parseFloat("+Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(GoNumbers.parseFloat("-INF")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(GoNumbers.parseFloat("NaN")).isNaN();
    assertThat(GoNumbers.parseFloat("nan")).isNaN();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0x10", "1e400", "-1e400", "+nan", "infin", "1e", "e5", ".", "_1", "1_", "1__0",
      "1_.5", "1._5", "1.5d", "1.5f", " 1", "1 ", "Infinityx", "0x", "0xp1", "1e+", "--1", "%4.1", "1,5"})
  void refusesWhatParseFloatRefuses(String text) {
    assertThatThrownBy(() -> GoNumbers.parseFloat(text)).isInstanceOf(NumberFormatException.class);
  }
}
