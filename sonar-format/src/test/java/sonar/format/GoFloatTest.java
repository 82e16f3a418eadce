package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0.0001, 0.0001",
      "0.00001, 1e-05",
      "123456.7, 123456.7",
      "1000000, 1e+06",
      "1234567.25, 1.23456725e+06",
      "4.9e-324, 5e-324",
      "1.7976931348623157e308, 1.7976931348623157e+308",
      "0, 0",
      "-0.0, -0",
      "675, 675",
      "1714.2, 1714.2",
      "0.1, 0.1",
      "100000, 100000",
      "-2.5, -2.5",
      "1e21, 1e+21",
      "1.5e-10, 1.5e-10",
      "1e100, 1e+100",
      "2.82879384806159e17, 2.82879384806159e+17",
  })
  void formatsAsGoStrconvWithShortestG(double value, String expected) {
    assertThat(GoFloat.formatG(value)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "4.9e-324, 5e-324",
      "2.5e-7, 2.5e-7",
      "0.000001, 0.000001",
      "1e21, 1e+21",
      "1e20, 100000000000000000000",
      "1.7976931348623157e308, 1.7976931348623157e+308",
      "-1.7976931348623157e308, -1.7976931348623157e+308",
      "0.2, 0.2",
      "1234567.25, 1234567.25",
      "0, 0",
  })
  void formatsAsGoEncodingJson(double value, String expected) {
    assertThat(GoFloat.formatJson(value)).isEqualTo(expected);
  }

  @Test
  void formatsNonFiniteValuesAsGoInTheStoredForm() {
    assertThat(GoFloat.formatG(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFloat.formatG(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoFloat.formatG(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void refusesNonFiniteValuesInJson() {
    assertThatThrownBy(() -> GoFloat.formatJson(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON has no representation for NaN");
  }
}
