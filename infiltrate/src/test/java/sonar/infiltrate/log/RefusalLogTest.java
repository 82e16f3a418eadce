package sonar.infiltrate.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import sonar.testkit.TestClock;

class RefusalLogTest {

  private final TestClock clock = new TestClock(Instant.parse("2026-12-01T03:56:17Z"));
  private final List<String> lines = new ArrayList<>();
  private final RefusalLog refusals = new RefusalLog(new Log(lines::add, clock), clock);

  @Test
  void logsTheFirstRefusalOfAKindAtOnceAndItsRepeatsOnceAMinute() {
    refusals.refused("POST /api/v1/insert/job", "test", "10.0.0.5 (user \"test\", cluster \"test\")", 400, "bad");
    clock.advance(Duration.ofSeconds(10));
    refusals.refused("POST /api/v1/insert/job", "test", "10.0.0.6 (user \"test\", cluster \"test\")", 400, "bad");
    refusals.refused("POST /api/v1/insert/job", "test", "10.0.0.7 (user \"test\", cluster \"test\")", 400, "bad");
    refusals.report();
    assertThat(lines).containsExactly("2026-12-01T03:56:17.000Z WARNING refused POST /api/v1/insert/job from "
        + "10.0.0.5 (user \"test\", cluster \"test\"): 400 bad\n");

    clock.advance(Duration.ofSeconds(50));
    refusals.report();
    refusals.refused("POST /api/v1/insert/job", "test", "10.0.0.5", 400, "bad");
    clock.advance(Duration.ofSeconds(59));
    refusals.report();
    assertThat(lines).hasSize(2).last().isEqualTo("2026-12-01T03:57:17.000Z WARNING refused 2 more times since "
        + "2026-12-01T03:56:17.000Z: POST /api/v1/insert/job (user \"test\"): 400 bad\n");

    clock.advance(Duration.ofSeconds(1));
    refusals.report();
    assertThat(lines).hasSize(3).last().isEqualTo("2026-12-01T03:58:17.000Z WARNING refused 1 more time since "
        + "2026-12-01T03:57:17.000Z: POST /api/v1/insert/job (user \"test\"): 400 bad\n");
  }

  @Test
  void forgetsAKindAfterAQuietMinuteSoThatItIsLoggedAtOnceWhenItComesBack() {
    refusals.refused("GET /x", null, "10.0.0.5", 404, "no such endpoint: /x");
    clock.advance(Duration.ofMinutes(1));
    refusals.report();
    refusals.refused("GET /x", null, "10.0.0.5", 404, "no such endpoint: /x");
    assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).endsWith(
        " WARNING refused GET /x from 10.0.0.5: 404 no such endpoint: /x\n"));
  }

  @Test
  void toldApartByRequestUserStatusAndText() {
    refusals.refused("POST /a", "u", "h", 400, "bad");
    refusals.refused("POST /b", "u", "h", 400, "bad");
    refusals.refused("POST /a", "v", "h", 400, "bad");
    refusals.refused("POST /a", "u", "h", 403, "bad");
    refusals.refused("POST /a", "u", "h", 400, "worse");
    refusals.refused("POST /a", "u", "other host", 400, "bad");
    assertThat(lines).hasSize(5);
  }

  @Test
  void countsKindsBeyondTheLimitTogether() {
    for (int i = 0; i < 103; i++) {
      refusals.refused("GET /" + i, null, "h", 404, "no such endpoint: /" + i);
    }
    assertThat(lines).hasSize(100);
    refusals.flush();
    assertThat(lines).hasSize(101).last().isEqualTo("2026-12-01T03:56:17.000Z WARNING refused 3 more requests since "
        + "2026-12-01T03:56:17.000Z for other reasons, beyond the 100 kinds of refusal logged one by one\n");
  }

  @Test
  void flushLogsTheCountsNotYetLoggedAndListsRecentKindsLatestFirst() {
    refusals.refused("POST /a", "u", "h", 400, "bad");
    refusals.refused("POST /a", "u", "h", 400, "bad");
    clock.advance(Duration.ofSeconds(5));
    refusals.refused("GET /b", null, "h", 404, "no such endpoint: /b");
    refusals.flush();
    assertThat(lines).last().isEqualTo("2026-12-01T03:56:22.000Z WARNING refused 1 more time since "
        + "2026-12-01T03:56:17.000Z: POST /a (user \"u\"): 400 bad\n");
    assertThat(refusals.recent()).containsExactly(
        "2026-12-01T03:56:22Z 1x GET /b: 404 no such endpoint: /b",
        "2026-12-01T03:56:17Z 2x POST /a (user \"u\"): 400 bad");
  }
}
