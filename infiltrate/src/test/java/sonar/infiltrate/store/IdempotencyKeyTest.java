package sonar.infiltrate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

  @Test
  void aRequestWithoutTheHeaderHasNoKey() {
    assertThat(IdempotencyKey.of("u", List.of())).isNull();
  }

  @Test
  void takesUpTo128PrintableAsciiCharacters() {
    String longest = "~".repeat(127) + " ";
    assertThat(IdempotencyKey.of("u", List.of(longest))).isEqualTo(IdempotencyKey.of("u", List.of(longest)));
    assertThatThrownBy(() -> IdempotencyKey.of("u", List.of("k".repeat(129))))
        .hasMessage("Idempotency-Key is 129 characters long; at most 128 are allowed");
  }

  @Test
  void refusesAnEmptyKeyAKeyOutsidePrintableAsciiAndTwoKeys() {
    assertThatThrownBy(() -> IdempotencyKey.of("u", List.of("")))
        .hasMessage("Idempotency-Key is empty");
    assertThatThrownBy(() -> IdempotencyKey.of("u", List.of("node-é")))
        .hasMessage("Idempotency-Key must be printable ASCII, but character 6 is \\u00e9");
    assertThatThrownBy(() -> IdempotencyKey.of("u", List.of("a\tb")))
        .hasMessage("Idempotency-Key must be printable ASCII, but character 2 is \\u0009");
    assertThatThrownBy(() -> IdempotencyKey.of("u", List.of("a", "b")))
        .hasMessage("a request may carry one Idempotency-Key, not 2");
  }

  @Test
  void aKeyBelongsToItsUser() {
    IdempotencyKey alice = IdempotencyKey.of("alice", List.of("n1-42"));
    assertThat(IdempotencyKey.of("alice", List.of("n1-42"))).isEqualTo(alice);
    assertThat(IdempotencyKey.of("bob", List.of("n1-42"))).isNotEqualTo(alice);
    assertThat(IdempotencyKey.of("alicen", List.of("1-42"))).isNotEqualTo(alice);
    assertThat(IdempotencyKey.of(null, List.of("n1-42"))).isEqualTo(IdempotencyKey.of("", List.of("n1-42")));
  }
}
