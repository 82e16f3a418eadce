package sonar.infiltrate.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import sonar.infiltrate.log.Log;

/** A log that keeps its lines, timestamps stripped, for asserting what an operator would read. */
public final class LogLines {

  private final List<String> lines = new ArrayList<>();
  private final Log log = new Log(this::add, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

  public Log log() {
    return log;
  }

  private synchronized void add(String line) {
    lines.add(line.substring(line.indexOf(' ') + 1).stripTrailing());
  }

  /** "LEVEL message" per line so far. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }
}
