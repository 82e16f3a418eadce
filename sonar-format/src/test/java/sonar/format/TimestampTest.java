package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampTest {

  @Test
  void datesARecordInItsOwnOffsetLikeTheReference() {
    Timestamp time = Timestamp.parse("2023-12-31T23:59:59-05:00");
    assertThat(time.localDatePath()).isEqualTo("2023/12/31");
    assertThat(time.utcDatePath()).isEqualTo("2024/01/01");
  }

  @Test
  void acceptsZuluFractionsAndLeapDays() {
    assertThat(Timestamp.parse("2024-02-29T00:00:00Z").localDatePath()).isEqualTo("2024/02/29");
    assertThat(Timestamp.parse("2023-10-11T13:30:02.123456+02:00").utcDatePath()).isEqualTo("2023/10/11");
    assertThat(Timestamp.parse("2023-10-11T00:30:02+02:00").utcDatePath()).isEqualTo("2023/10/10");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "2023-06-31T10:25:01+00:00 | day out of range",
      "2023-02-29T10:25:01+00:00 | day out of range",
      "2023-0x-22T10:25:01+00:00 | expected 2-digit month",
      "2023-13-01T10:25:01+00:00 | month out of range",
      "2023-06-22T24:00:00+00:00 | hour out of range",
      "2023-06-22T10:60:00+00:00 | minute out of range",
      "2023-06-22T10:25:60+00:00 | second out of range",
      "2023-06-22T10:25:01 | missing time zone offset",
      "2023-06-22 10:25:01+00:00 | expected 'T' at position 11",
      "2023-06-22T10:25:01+0000 | expected ':' at position 23",
      "2023-06-22T10:25:01+00:00x | unexpected text after the time zone offset",
      "2023-06-22T10:25:01.+00:00 | expected digits after the decimal point",
  })
  void refusesWhatGoRefuses(String text, String problem) {
    assertThatThrownBy(() -> Timestamp.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad time \"" + text + "\": " + problem);
  }

  @Test
  void refusesAnEmptyTime() {
    assertThatThrownBy(() -> Timestamp.parse(""))
        .hasMessage("bad time \"\": expected 4-digit year");
  }
}
