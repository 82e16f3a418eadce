package sonar.exfiltrate.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

  private static final byte[] BODY = "[{\"pid\":1}]".getBytes(StandardCharsets.UTF_8);
  private static final String FILE = "1709287200000-0012345-000000.input";

  @Test
  void namesTheHostTheFileTheBatchAndItsContent() {
    assertThat(IdempotencyKey.of("n1.example.org", FILE, 3, BODY))
        .isEqualTo("n1.example.org/1709287200000-0012345-000000.input/3/3dd82bd8"); // CRC-32 of the body;
  }

  @Test
  void isTheSameForTheSameBatchAndDiffersWithAnyOfItsParts() {
    String key = IdempotencyKey.of("n1", FILE, 3, BODY);
    assertThat(IdempotencyKey.of("n1", FILE, 3, BODY.clone())).isEqualTo(key);
    assertThat(IdempotencyKey.of("n2", FILE, 3, BODY)).isNotEqualTo(key);
    assertThat(IdempotencyKey.of("n1", "1709287200000-0012345-000001.input", 3, BODY)).isNotEqualTo(key);
    assertThat(IdempotencyKey.of("n1", FILE, 4, BODY)).isNotEqualTo(key);
    assertThat(IdempotencyKey.of("n1", FILE, 3, "[{\"pid\":2}]".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(key);
  }

  @Test
  void staysPrintableAsciiWithinItsLengthWhateverTheHostName() {
    String key = IdempotencyKey.of("n\u00f8de 7/\t" + "x".repeat(200), FILE, 999_999, BODY);

    assertThat(key).hasSizeLessThanOrEqualTo(IdempotencyKey.MAX_LENGTH).matches("[!-~]+");
    assertThat(key).startsWith("n_de_7__xxx").contains("/" + FILE + "/999999/");
    assertThat(IdempotencyKey.of("", FILE, 0, new byte[0])).isEqualTo("_/" + FILE + "/0/00000000");
  }
}
