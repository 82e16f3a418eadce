package sonar.infiltrate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import sonar.infiltrate.testing.LogLines;
import sonar.testkit.TestClock;

class LoginThrottleTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final LogLines log = new LogLines();
  private final LoginThrottle throttle = new LoginThrottle(clock, log.log());

  @Test
  void forgetsFailuresOnceALoginSucceeds() throws Exception {
    InetAddress address = address(1);
    for (int i = 0; i < 20; i++) {
      throttle.failed(address, "ml");
    }
    throttle.succeeded(address, "ml");
    throttle.failed(address, "ml");
    assertThat(throttle.blocked(address, "ml")).isNull();
  }

  @Test
  void aSuccessDoesNotClearAnotherUsersFailures() throws Exception {
    InetAddress address = address(1);
    for (int i = 0; i < 20; i++) {
      throttle.failed(address, "ml");
      throttle.succeeded(address, "fox");
    }
    throttle.failed(address, "ml");
    assertThat(throttle.blocked(address, "fox")).isEqualTo(
        new LoginThrottle.Block(Duration.ofMinutes(1), "too many failed logins from this address"));
  }

  @Test
  void blocksAUserGuessedFromManyAddressesExceptFromTheAddressesItLogsInFrom() throws Exception {
    InetAddress node = address(1);
    throttle.succeeded(node, "ml");
    for (int i = 0; i < 101; i++) {
      throttle.failed(address(100 + i), "ml");
    }
    assertThat(throttle.blocked(address(99), "ml")).isEqualTo(new LoginThrottle.Block(Duration.ofMinutes(1),
        "too many failed logins for user \"ml\" from addresses it does not use"));
    assertThat(throttle.blocked(node, "ml")).isNull();
    assertThat(throttle.blocked(address(99), "fox")).isNull();

    throttle.report();
    assertThat(log.lines()).containsExactly("WARNING failed logins since the last report: 101; refused while "
        + "blocked: 1; users newly blocked for 60 s from addresses they do not use: ml");
    clock.advance(Duration.ofSeconds(61));
    assertThat(throttle.blocked(address(99), "ml")).isNull();
  }

  @Test
  void countsFailuresInAWindowOfAMinute() throws Exception {
    InetAddress address = address(1);
    for (int i = 0; i < 20; i++) {
      throttle.failed(address, "ml");
    }
    clock.advance(Duration.ofSeconds(61));
    throttle.failed(address, "ml");
    assertThat(throttle.blocked(address, "ml")).isNull();
  }

  private static InetAddress address(int n) throws Exception {
    return InetAddress.getByAddress(new byte[] {10, 0, (byte) (n >> 8), (byte) n});
  }
}
