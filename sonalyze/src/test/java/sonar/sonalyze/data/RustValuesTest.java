package sonar.sonalyze.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RustValuesTest {

  private static double f64(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    return RustValues.f64(bytes, 0, bytes.length);
  }

  private static long u32(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    return RustValues.u32(bytes, 0, bytes.length);
  }

  @Test
  void readsFloatsAsJavaDoesWhereTheSyntaxAgrees() {
    Random random = new Random(3);
    for (int i = 0; i < 100_000; i++) {
      double value = switch (i % 4) {
        case 0 -> random.nextInt(100_000) / 10.0;
        case 1 -> random.nextDouble() * 1e6;
        case 2 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
        default -> random.nextInt(1 << 20) / 1024.0;
      };
      String text = Double.toString(value).replace("E", "e");
      assertThat(f64(text)).as(text).isEqualTo(value);
    }
    assertThat(f64("3259.0")).isEqualTo(3259.0);
    assertThat(f64("+.5")).isEqualTo(0.5);
    assertThat(f64("5.")).isEqualTo(5.0);
    assertThat(f64("-2e-3")).isEqualTo(-0.002);
    assertThat(f64("12345678901234567890")).isEqualTo(12345678901234567890.0);
    assertThat(f64("NaN")).isNaN();
    assertThat(f64("nan")).isNaN();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "e5", "1e", "inf", "-infinity", "1_000", "0x10", " 1", "1 ", "1e999", "abc"})
  void refusesWhatTheReferenceRefusesOrDrops(String text) {
    assertThat(RustValues.isBad(f64(text))).as(text).isTrue();
  }

  @Test
  void readsUnsigned32BitIntegers() {
    assertThat(u32("0")).isZero();
    assertThat(u32("+7")).isEqualTo(7);
    assertThat(u32("4294967295")).isEqualTo(4294967295L);
    for (String bad : new String[] {"", "+", "-1", "4294967296", "1.0", " 1"}) {
      assertThat(u32(bad)).as(bad).isEqualTo(RustValues.BAD_INTEGER);
    }
  }
}
