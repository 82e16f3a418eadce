package sonar.infiltrate.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTest {

  /** Pins a line stamped 03:56:17Z among lines stamped to the millisecond. */
  @Test
  void stampsEveryLineToTheMillisecondEvenOnAWholeSecond() {
    List<String> lines = new ArrayList<>();
    Log log = new Log(lines::add, Clock.fixed(Instant.parse("2026-12-01T03:56:17Z"), ZoneOffset.UTC));
    log.info("started");
    assertThat(lines).containsExactly("2026-12-01T03:56:17.000Z INFO started\n");
    assertThat(Log.timestamp(Instant.parse("2026-12-01T03:56:17.120Z"))).isEqualTo("2026-12-01T03:56:17.120Z");
  }

  /** Pins a refusal line that carried a sender's control characters raw into the log. */
  @Test
  void escapesControlCharactersSoThatEachEventStaysOneLine() {
    List<String> lines = new ArrayList<>();
    Log log = new Log(lines::add, Clock.fixed(Instant.parse("2026-12-01T03:56:17Z"), ZoneOffset.UTC));
    log.refusal("refused GET /a\u0001b\n2026-12-01T00:00:00.000Z INFO forged");
    assertThat(lines).containsExactly(
        "2026-12-01T03:56:17.000Z WARNING refused GET /a\\u0001b\\u000a2026-12-01T00:00:00.000Z INFO forged\n");
  }

  @Test
  void keepsWarningsButNotRefusalsForTheStatusPage() {
    Log log = new Log(line -> {}, Clock.fixed(Instant.parse("2026-12-01T03:56:17.5Z"), ZoneOffset.UTC));
    log.info("started");
    log.warning("disk slow");
    log.refusal("refused GET /x from 10.0.0.5: 404 no such endpoint: /x");
    assertThat(log.recentProblems()).containsExactly("2026-12-01T03:56:17Z WARNING disk slow");
  }
}
