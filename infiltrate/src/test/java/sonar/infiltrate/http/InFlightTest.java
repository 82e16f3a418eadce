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
    assertThat(inFlight.reserve(first, 40)).isTrue();
    assertThat(inFlight.reserve(second, 60)).isTrue();
    assertThat(inFlight.reservedBytes()).isEqualTo(100 * HEAP);
    inFlight.release(second);
    assertThat(inFlight.reservedBytes()).isEqualTo(40 * HEAP);
  }

  /** Pins two large bodies let in at once, which together ran the heap out. */
  @Test
  void neverLetsRequestsTogetherPastTheBudget() {
    long first = inFlight.ticket();
    long second = inFlight.ticket();
    assertThat(inFlight.reserve(first, 10)).isTrue();
    assertThat(inFlight.reserve(second, 85)).isTrue();
    assertThat(inFlight.reserve(first, 10)).isFalse();
  }

  /** Pins refused requests that kept their memory until their answer went out, so that all were refused. */
  @Test
  void givesBackAllARefusedRequestHeldAtOnceSoThatTheOthersGoOn() {
    long first = inFlight.ticket();
    long second = inFlight.ticket();
    assertThat(inFlight.reserve(first, 50)).isTrue();
    assertThat(inFlight.reserve(second, 50)).isTrue();
    assertThat(inFlight.reserve(first, 1)).isFalse();
    assertThat(inFlight.reservedBytes()).isEqualTo(50 * HEAP);
    assertThat(inFlight.reserve(second, 50)).isTrue();
  }

  @Test
  void letsARequestAloneGoPastTheBudget() {
    long alone = inFlight.ticket();
    assertThat(inFlight.reserve(alone, 80)).isTrue();
    assertThat(inFlight.reserve(alone, 1000)).isTrue();
    assertThat(inFlight.reserve(inFlight.ticket(), 1)).isFalse();
    inFlight.release(alone);
    assertThat(inFlight.reservedBytes()).isZero();
  }
}
