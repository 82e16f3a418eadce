package sonar.naicreport.sonalyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void integersAreReadAsGoReadsThemInBaseZero() {
    assertThat(Values.parseInt("0x1")).isEqualTo(1);
    assertThat(Values.parseInt("0X1f")).isEqualTo(31);
    assertThat(Values.parseInt("-12")).isEqualTo(-12);
    assertThat(Values.parseInt("010")).isEqualTo(8);
    assertThat(Values.parseInt("0b11")).isEqualTo(3);
    assertThat(Values.parseInt("0o17")).isEqualTo(15);
    assertThat(Values.parseInt("0")).isEqualTo(0);
    assertThat(Values.parseInt("0x")).isNull();
    assertThat(Values.parseInt("08")).isNull();
    assertThat(Values.parseInt("1_000")).isNull();
    assertThat(Values.parseInt("4294967296")).isNull();
    assertThat(Values.parseInt("")).isNull();
  }

  @Test
  void timesAreUtcMinutesAndTheHourMayHaveOneDigit() {
    assertThat(Values.parseDateTime("2024-01-02 5:07"))
        .isEqualTo(ZonedDateTime.of(2024, 1, 2, 5, 7, 0, 0, ZoneOffset.UTC));
    assertThat(Values.parseDateTime("2024-02-30 10:00")).isNull();
    assertThat(Values.parseDateTime("2024-01-02T10:00")).isNull();
  }

  @Test
  void failuresNameTheFieldAndValue() {
    Map<String, Object> record = Map.of("rcpu", "high", "n", java.math.BigDecimal.ONE);
    assertThatThrownBy(() -> Values.number(record, "rcpu")).hasMessage("field \"rcpu\" is \"high\", not a number");
    assertThatThrownBy(() -> Values.string(record, "n")).hasMessage("field \"n\" is a number, not a string");
    assertThatThrownBy(() -> Values.string(record, "x")).hasMessage("no field \"x\"");
    assertThat(Values.number(Map.of("x", "NaN"), "x")).isNaN();
  }
}
