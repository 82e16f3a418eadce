package sonar.infiltrate.log;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server's log: one line per event, {@code <UTC time> <LEVEL> <message>} (control characters in the
 * message escaped, so that a sender's data cannot forge a line), written and flushed at once (under
 * systemd the journal picks up stderr). Passed to whoever logs, rather than looked up globally, so tests
 * read what an operator would, and so the shutdown path can still log: the JDK's own logging is reset by
 * its shutdown hook while ours is still stopping the server. Thread-safe.
 */
public final class Log {

  /** Warnings and errors kept for the status page. */
  private static final int RECENT_PROBLEMS = 20;
  /** Always with milliseconds, which {@link Instant#toString} leaves out when they are zero. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Consumer<String> sink;
  private final Clock clock;
  private final ArrayDeque<String> recentProblems = new ArrayDeque<>();

  /** @param sink receives each line, newline included; called under this log's lock */
  public Log(Consumer<String> sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  public static Log to(PrintStream stream) {
    return new Log(line -> {
      stream.print(line);
      stream.flush();
    }, Clock.systemUTC());
  }

  public void info(String message) {
    write("INFO", message, null);
  }

  public void warning(String message) {
    write("WARNING", message, null);
  }

  /**
   * A request the server refused: a warning, as the sender's data is lost unless it sends again, but not
   * one of the server's own problems, so not kept for the status page, which lists refusals apart.
   */
  public void refusal(String message) {
    write("WARNING", message, null, /* keep= */ false);
  }

  /** For what should never happen: the message, then the stack trace. */
  public void error(String message, Throwable cause) {
    write("ERROR", message, cause);
  }

  private void write(String level, String message, Throwable cause) {
    write(level, message, cause, /* keep= */ !level.equals("INFO"));
  }

  private synchronized void write(String level, String message, Throwable cause, boolean keep) {
    StringBuilder line = new StringBuilder(128)
        .append(timestamp(clock.instant())).append(' ').append(level).append(' ')
        .append(printable(message)).append('\n');
    if (cause != null) {
      StringWriter trace = new StringWriter();
      cause.printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    if (keep) {
      if (recentProblems.size() == RECENT_PROBLEMS) {
        recentProblems.removeFirst();
      }
      String kept = printable(message);
      recentProblems.addLast(clock.instant().truncatedTo(ChronoUnit.SECONDS) + " " + level + " " + kept);
    }
    sink.accept(line.toString());
  }

  /**
   * The text on one line, without the control characters a sender's data may bring into it (a NUL, a
   * line break, a terminal's escape sequence), each written as a JSON-style escape.
   */
  public static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /** A time as every log line begins: UTC, to the millisecond, as in {@code 2026-12-01T03:56:17.000Z}. */
  public static String timestamp(Instant time) {
    return TIME.format(time);
  }

  /** The last warnings and errors, oldest first, one line each. */
  public synchronized List<String> recentProblems() {
    return List.copyOf(recentProblems);
  }
}
