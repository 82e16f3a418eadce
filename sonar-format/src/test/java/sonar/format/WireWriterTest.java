package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireWriterTest {

  private final WireWriter writer = new WireWriter();

  @Test
  void escapesStringsAsGoEncodingJsonDoes() {
    Reading reading = base().text(ReadingField.CMD, "a<b>&c\"d\\e\n\t\u0001\u2028\u2029é\u007f").build();
    assertThat(json(reading)).contains(
        "\"cmd\":\"a\\u003cb\\u003e\\u0026c\\\"d\\\\e\\n\\t\\u0001\\u2028\\u2029é\u007f\"");
  }

  @Test
  void writesCharactersBeyondTheBasicPlaneAsTheirUtf8AndControlCharactersAsGoDoes() {
    Reading reading = base().text(ReadingField.CMD, "\ud83d\ude00 \u20ac\b\f\u001f\u007f").build();
    assertThat(json(reading)).contains("\"cmd\":\"\ud83d\ude00 \u20ac\\b\\f\\u001f\u007f\"");
  }

  @Test
  void leavesOutZeroOptionalFieldsButKeepsTheAlwaysPresentOnes() {
    assertThat(json(base().build())).isEqualTo(
        "[{\"version\":\"\",\"time\":\"\",\"cluster\":\"c\",\"host\":\"\",\"cores\":0,\"user\":\"\",\"cmd\":\"\"}]");
  }

  @Test
  void sendsNanAsZeroAndInfinitiesAsTheLargestDouble() {
    Reading reading = base()
        .floating(ReadingField.CPU_PERCENT, Double.POSITIVE_INFINITY)
        .floating(ReadingField.GPU_PERCENT, Double.NaN)
        .floating(ReadingField.GPU_MEM_PERCENT, Double.NEGATIVE_INFINITY)
        .build();
    assertThat(json(reading))
        .contains("\"cpu%\":1.7976931348623157e+308")
        .doesNotContain("gpu%")
        .contains("\"gpumem%\":-1.7976931348623157e+308");
  }

  @Test
  void writesUnsignedIntegersInFull() {
    assertThat(json(base().unsigned(ReadingField.CPU_KIB, -1L).build())).contains("\"cpukib\":18446744073709551615");
  }

  private static Reading.Builder base() {
    return new Reading.Builder().text(ReadingField.CLUSTER, "c");
  }

  private String json(Reading reading) {
    return new String(writer.readings(List.of(reading)), StandardCharsets.UTF_8);
  }
}
