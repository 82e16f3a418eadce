package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8BuilderTest {

  @Test
  void writesTextAsTheJdkEncodesItInUtf8() {
    String text = "plain, ø æ, \u20ac, 😀 and an unpaired \uD800 surrogate";
    Utf8Builder out = new Utf8Builder(4).append("a ").append(text).append('\n');

    assertThat(out.toByteArray()).isEqualTo(("a " + text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesAPartOfTheTextAndSingleCharacters() {
    Utf8Builder out = new Utf8Builder(1).append("xxø😀yy", 2, 5).append('é').append('-');

    assertThat(out.toByteArray()).isEqualTo("ø😀é-".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void growsPastItsStartToHoldTextLargerThanIt() {
    String line = "ü".repeat(3000) + "x".repeat(5000) + "\n";
    Utf8Builder out = new Utf8Builder(16);
    out.append(line).append(line.getBytes(StandardCharsets.UTF_8));

    assertThat(out.toByteArray()).isEqualTo((line + line).getBytes(StandardCharsets.UTF_8));
    assertThat(out.length()).isEqualTo(2 * (2 * 3000 + 5000 + 1));
  }

  @Test
  void writesWholeNumbersAsStringBuilderDoes() {
    long[] values = {0, 7, 10, -1, -10, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE};
    Utf8Builder out = new Utf8Builder(2);
    StringBuilder expected = new StringBuilder();
    for (long value : values) {
      out.append(value).append(',');
      expected.append(value).append(',');
    }

    assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
  }

  @Test
  void givesItsBytesInAnArrayOfTheirLengthThatLaterAppendsLeaveAlone() {
    Utf8Builder out = new Utf8Builder(3).append("abc");
    byte[] full = out.toByteArray();
    out.append("d");
    byte[] longer = out.toByteArray();
    out.append("e");

    assertThat(full).containsExactly('a', 'b', 'c');
    assertThat(longer).containsExactly('a', 'b', 'c', 'd');
  }
}
