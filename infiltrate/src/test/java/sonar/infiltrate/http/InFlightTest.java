package sonar.infiltrate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InFlightTest {

  private static final int HEAP = InFlight.HEAP_PER_BODY_BYTE;

  private final InFlight inFlight = new InFlight(100 * HEAP);

  @Test
  void sharesTheBudgetCountingEachBodyByteForItsCopies() {
    long first = inFlight.ticket();
    long second = inFlight.ticket();
    assertThat(inFlight.reserve(first, body(40))).isTrue();
    assertThat(inFlight.reserve(second, body(60))).isTrue();
    assertThat(inFlight.reservedBytes()).isEqualTo(100 * HEAP);
    inFlight.release(second);
    assertThat(inFlight.reservedBytes()).isEqualTo(40 * HEAP);
  }

  /** Pins two large bodies let in at once, which together ran the heap out. */
  @Test
  void neverLetsRequestsTogetherPastTheBudget() {
    long first = inFlight.ticket();
    long second = inFlight.ticket();
    assertThat(inFlight.reserve(first, body(10))).isTrue();
    assertThat(inFlight.reserve(second, body(85))).isTrue();
    assertThat(inFlight.reserve(first, body(10))).isFalse();
  }

  /** Pins refused requests that kept their memory until their answer went out, so that all were refused. */
  @Test
  void givesBackAllARefusedRequestHeldAtOnceSoThatTheOthersGoOn() {
    long first = inFlight.ticket();
    long second = inFlight.ticket();
    assertThat(inFlight.reserve(first, body(50))).isTrue();
    assertThat(inFlight.reserve(second, body(50))).isTrue();
    assertThat(inFlight.reserve(first, body(1))).isFalse();
    assertThat(inFlight.reservedBytes()).isEqualTo(50 * HEAP);
    assertThat(inFlight.reserve(second, body(50))).isTrue();
  }

  @Test
  void countsACompressedEnvelopeAsSentAndAsItsLineOnly() {
    assertThat(InFlight.heapFor(/* envelope= */ true, 30 << 20, 31_407)).isEqualTo((30 << 20) + 31_407);
    assertThat(InFlight.heapFor(/* envelope= */ true, 1000, 1000)).isEqualTo(2000);
    assertThat(InFlight.heapFor(/* envelope= */ false, 1000, 200)).isEqualTo(1000 * HEAP);
  }

  @Test
  void letsARequestAloneGoPastTheBudget() {
    long alone = inFlight.ticket();
    assertThat(inFlight.reserve(alone, body(80))).isTrue();
    assertThat(inFlight.reserve(alone, body(1000))).isTrue();
    assertThat(inFlight.reserve(inFlight.ticket(), body(1))).isFalse();
    inFlight.release(alone);
    assertThat(inFlight.reservedBytes()).isZero();
  }

  /** The heap of a body decoded whole, of so many bytes. */
  private static long body(long bytes) {
    return InFlight.heapFor(/* envelope= */ false, bytes, bytes);
  }
}
