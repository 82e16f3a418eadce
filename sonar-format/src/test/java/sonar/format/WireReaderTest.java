package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireReaderTest {

  private final WireReader reader = new WireReader();

  @Test
  void matchesKeysCaseInsensitivelyAndIgnoresUnknownOnes() {
    Reading reading = readings("[{\"VERSION\":\"0.7.0\",\"Host\":\"h\",\"CPU%\":2.5,\"memkib\":7,\"extra\":{\"a\":[1]},"
        + "\"cpu\u212Aib\":9}]").get(0);
    assertThat(reading.version()).isEqualTo("0.7.0");
    assertThat(reading.host()).isEqualTo("h");
    assertThat(reading.cpuPercent()).isEqualTo(2.5);
    assertThat(reading.cpuKib()).isEqualTo(9); // Go folds the Kelvin sign to k
  }

  @Test
  void nullLeavesAFieldAbsentAndTheLastDuplicateWins() {
    Reading reading = readings("[{\"cores\":null,\"job\":1,\"job\":2,\"user\":null}]").get(0);
    assertThat(reading.cores()).isZero();
    assertThat(reading.job()).isEqualTo(2);
    assertThat(reading.user()).isEmpty();
  }

  @Test
  void readsUnsignedIntegersUpTo64Bits() {
    assertThat(Long.toUnsignedString(readings("[{\"cpukib\":18446744073709551615}]").get(0).cpuKib()))
        .isEqualTo("18446744073709551615");
  }

  @Test
  void readsNullAndEmptyArraysAsNoRecords() {
    assertThat(readings("null")).isEmpty();
    assertThat(readings(" [ ] ")).isEmpty();
  }

  @Test
  void readsHeartbeatsIgnoringReadingFields() {
    byte[] body = "[{\"version\":\"1\",\"time\":\"t\",\"cluster\":\"c\",\"host\":\"h\",\"cores\":\"x\"}]"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(reader.heartbeats(body, 0, body.length)).containsExactly(new Heartbeat("1", "t", "c", "h"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "[{\"cores\":-1}] | record 1: \"cores\" must be a non-negative integer, not -1",
      "[{\"cores\":-0}] | record 1: \"cores\" must be a non-negative integer, not -0",
      "[{\"cores\":5.0}] | record 1: \"cores\" must be a non-negative integer, not 5.0",
      "[{\"cores\":1e3}] | record 1: \"cores\" must be a non-negative integer, not 1e3",
      "[{\"cores\":\"5\"}] | record 1: \"cores\" must be a non-negative integer, not 5",
      "[{},{\"job\":18446744073709551616}] | record 2: \"job\" must be an integer below 2^64, not 18446744073709551616",
      "[{\"host\":5}] | record 1: \"host\" must be a string, not 5",
      "[{\"host\":[\"a\"]}] | record 1: \"host\" must be a string, not an array",
      "[{\"cpu%\":\"high\"}] | record 1: \"cpu%\" must be a number, not high",
      "[{\"cpu%\":1e400}] | record 1: \"cpu%\" must be a number within the range of a double, not 1e400",
      "[{\"cpu%\":true}] | record 1: \"cpu%\" must be a number, not true",
      "{\"host\":\"h\"} | expected a JSON array, found an object",
      "[{}] [] | unexpected data after the JSON array",
      "[1] | record 1: expected a JSON object, found a number",
      "'' | empty body: expected a JSON array",
  })
  void refusesBodiesGoWouldRefuseOrStoreAsNonsense(String body, String message) {
    assertThatThrownBy(() -> readings(body)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void namesThePlaceOfMalformedJson() {
    assertThatThrownBy(() -> readings("[{\"host\":\"h\",}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed JSON at line 1, column 14: Unexpected character ('}'");
  }

  /** Pins a NullPointerException (a 500) for these: the parser gives no location for them. */
  @Test
  void namesTheLimitABodyGoesPast() {
    assertThatThrownBy(() -> readings("[{\"cores\":" + "1".repeat(100_000) + "}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON past the parser's limits: a number longer than 100 characters");
    assertThatThrownBy(() -> readings("[{\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "}]"))
        .hasMessage("JSON past the parser's limits: nesting deeper than 64 levels");
    assertThatThrownBy(() -> readings("[{\"" + "n".repeat(1001) + "\":1}]"))
        .hasMessage("JSON past the parser's limits: a name longer than 1000 characters");
    assertThatThrownBy(() -> readings("[{\"cmd\":\"" + "c".repeat(20_000_001) + "\"}]"))
        .hasMessage("JSON past the parser's limits: a string longer than 20000000 characters");
    assertThat(readings("[{\"x\":" + "[".repeat(60) + "]".repeat(60) + ",\"cores\":" + "9".repeat(19) + "}]"))
        .hasSize(1);
  }

  @Test
  void refusesInvalidUtf8() {
    byte[] body = {'[', '{', '"', 'h', 'o', 's', 't', '"', ':', '"', (byte) 0xff, '"', '}', ']'};
    assertThatThrownBy(() -> reader.readings(body, 0, body.length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed JSON at line 1");
  }

  @Test
  void quotesOnlyTheStartOfALongBadValue() {
    String longValue = "x".repeat(1000);
    assertThatThrownBy(() -> readings("[{\"cores\":\"" + longValue + "\"}]"))
        .hasMessage("record 1: \"cores\" must be a non-negative integer, not " + "x".repeat(60) + "...");
  }

  /** Each record is matched against the keys of the one before; records that differ still read as alone. */
  @Test
  void readsEachRecordAsAloneWhateverTheOrderOfTheOneBefore() {
    String[] records = {
        "{\"version\":\"0.7.0\",\"time\":\"t\",\"cluster\":\"c\",\"host\":\"h\",\"cores\":8,\"user\":\"u\","
            + "\"job\":1,\"pid\":2,\"cmd\":\"x\",\"cpu%\":1.5,\"cpukib\":3,\"gpus\":\"0\",\"gpu%\":2,"
            + "\"gpumem%\":3.25,\"gpukib\":4,\"gpufail\":1,\"cputime_sec\":5,\"rolledup\":6}",
        "{\"rolledup\":7,\"host\":\"h2\",\"version\":\"0.7.1\",\"cpu%\":9.75,\"cmd\":\"y\"}",
        "{\"VERSION\":\"0.7.2\",\"time\":\"t3\",\"memkib\":5,\"Host\":\"h3\",\"host\":\"h4\",\"cores\":null}",
        "{\"version\":\"0.7.3\",\"time\":\"t4\",\"cluster\":\"c4\",\"host\":\"h5\",\"cores\":2,\"user\":\"v\","
            + "\"job\":9,\"pid\":8,\"cmd\":\"z\",\"cpu%\":0.5,\"cpukib\":1,\"gpus\":\"\",\"gpu%\":0,"
            + "\"gpumem%\":0,\"gpukib\":0,\"cputime_sec\":3,\"rolledup\":0,\"extra\":[1,{\"a\":2}]}",
        "{}",
    };
    List<Reading> together = readings("[" + String.join(",", records) + "," + String.join(",", records) + "]");
    for (int i = 0; i < records.length * 2; i++) {
      assertThat(together.get(i)).isEqualTo(readings("[" + records[i % records.length] + "]").get(0));
    }
    assertThat(together.get(2).host()).isEqualTo("h4");
    assertThat(together.get(2).version()).isEqualTo("0.7.2");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource({"99.5", "0.1", "0", "7", "12.000", "0.000001", "123456789012345", "12345678901234.5",
      "1234567890123456", "123456789012345.67", "0.30000000000000004", "-2.5", "-0.0", "1e3", "2.5E-3", "1.7976931348623157e308"})
  void readsNumbersToTheDoubleNearestThem(String number) {
    double read = readings("[{\"cpu%\":" + number + "}]").get(0).cpuPercent();
    assertThat(Double.doubleToRawLongBits(read)).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(number)));
  }

  private List<Reading> readings(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    return reader.readings(body, 0, body.length);
  }
}
