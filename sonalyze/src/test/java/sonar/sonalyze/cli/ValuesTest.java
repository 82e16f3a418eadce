package sonar.sonalyze.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValuesTest {

  private static final long NOW = Instant.parse("2024-03-10T15:30:00Z").getEpochSecond() * 1_000_000_000L;

  private static long nanos(String instant) {
    return Instant.parse(instant).getEpochSecond() * 1_000_000_000L;
  }

  @Test
  void readsDatesAsTheStartOrEndOfTheirUtcDay() throws UsageException {
    assertThat(Values.time("from", "2024-01-05", NOW, false)).isEqualTo(nanos("2024-01-05T00:00:00Z"));
    assertThat(Values.time("to", "2024-1-5", NOW, true)).isEqualTo(nanos("2024-01-05T23:59:59Z"));
  }

  @Test
  void readsDaysAndWeeksAgoExactlyNotFromMidnight() throws UsageException {
    assertThat(Values.time("from", "1d", NOW, false)).isEqualTo(nanos("2024-03-09T15:30:00Z"));
    assertThat(Values.time("to", "4w", NOW, true)).isEqualTo(nanos("2024-02-11T15:30:00Z"));
  }

  @Test
  void refusesOtherTimes() {
    for (String bad : new String[] {"2024-02-30", "2024-01", "yesterday", "d", "-1d", "2024-01-01T00:00"}) {
      assertThatThrownBy(() -> Values.time("from", bad, NOW, false)).hasMessage("--from: \"" + bad
          + "\" is not a date (YYYY-MM-DD) nor Nd or Nw");
    }
  }

  @Test
  void readsRuntimesInAnyOrderButEachPartOnce() throws UsageException {
    assertThat(Values.runtime("min-runtime", "2h30m")).isEqualTo(9000);
    assertThat(Values.runtime("min-runtime", "30m2h")).isEqualTo(9000);
    assertThat(Values.runtime("min-runtime", "1w1d")).isEqualTo(8 * 86400);
    for (String bad : new String[] {"3", "", "3y", "h", "1h1h", "1h3"}) {
      assertThatThrownBy(() -> Values.runtime("min-runtime", bad)).isInstanceOf(UsageException.class);
    }
  }
}
