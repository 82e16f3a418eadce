package sonar.exfiltrate.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(16));

  @Test
  void doublesFromTheFirstDelayUpToTheCapWithHalfOfEachWaitRandom() {
    SplittableRandom random = new SplittableRandom(1);
    long[] ceilings = {1, 2, 4, 8, 16, 16, 16};
    for (int failures = 1; failures <= ceilings.length; failures++) {
      Duration ceiling = Duration.ofSeconds(ceilings[failures - 1]);
      for (int i = 0; i < 200; i++) {
        assertThat(backoff.delay(failures, random)).isBetween(ceiling.dividedBy(2), ceiling);
      }
    }
  }

  @Test
  void spreadsTheWaitsOfNodesThatFailedTogether() {
    SplittableRandom random = new SplittableRandom(2);
    assertThat(java.util.stream.IntStream.range(0, 100).mapToObj(i -> backoff.delay(3, random)).distinct().count())
        .isGreaterThan(90);
  }

  @Test
  void refusesSettingsThatMakeNoSense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessage("first must be positive, not PT0S");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("cap must be at least first (PT2S), not PT1S");
    assertThatThrownBy(() -> backoff.delay(0, new SplittableRandom())).hasMessage("failures must be 1 or more, not 0");
  }
}
