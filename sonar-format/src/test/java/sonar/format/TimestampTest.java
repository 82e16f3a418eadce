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

  @Test
  void readsTheInstantOfATimestampFromBytes() {
    assertThat(epochNanos("2024-01-01T00:00:00+01:00")).isEqualTo(1704063600L * 1_000_000_000L);
    assertThat(epochNanos("1970-01-01T00:00:00Z")).isZero();
    assertThat(epochNanos("2023-06-23T12:25:01.486240376+00:00")).isEqualTo(1687523101486240376L);
    assertThat(epochNanos("2023-06-23T12:25:01.5-00:30")).isEqualTo(1687524901500000000L);
    assertThat(epochNanos("2023-06-23T12:25:01.1234567891234Z")).isEqualTo(1687523101123456789L);
  }

  @Test
  void readsFromBytesWhatJavaTimeReads() {
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      java.time.OffsetDateTime time = java.time.OffsetDateTime.of(1900 + random.nextInt(400), 1 + random.nextInt(12),
          1, random.nextInt(24), random.nextInt(60), random.nextInt(60), 0,
          java.time.ZoneOffset.ofTotalSeconds((random.nextInt(47) - 23) * 1800));
      time = time.plusDays(random.nextInt(31));
      String text = time.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      assertThat(epochNanos(text)).as(text).isEqualTo(time.toEpochSecond() * 1_000_000_000L);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z",
      "2024-0x-01T00:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z",
      "2024-01-01T00:00:60Z", "2024-01-01T00:00:00", "2024-01-01T00:00:00+0100", "2024-01-01T00:00:00+24:00",
      "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00Zjunk", "2024-01-01T00:00:00+01:00junk", ""})
  void refusesFromBytesWhatParseRefuses(String text) {
    assertThat(epochNanos(text)).isEqualTo(Timestamp.INVALID);
    assertThatThrownBy(() -> Timestamp.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  private static long epochNanos(String text) {
    byte[] bytes = ("xx" + text + "yy").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return Timestamp.epochNanos(bytes, 2, bytes.length - 2);
  }
}
