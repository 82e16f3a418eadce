package sonar.infiltrate.log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells the operator why requests are refused, since many senders (sonar's own HTTP sink among them)
 * drop what is refused without a word. The first refusal of a kind (same request, user, status and text)
 * is logged at once, with who sent it; the same refusal again is only counted, and {@link #report}
 * logs the count once its minute is over. A kind that did not come back within its minute is forgotten,
 * so the next one is logged at once again. At most {@value #MAX_KINDS} kinds are followed at a time;
 * refusals of further kinds are counted together. The last kinds are kept for the status page.
 * Thread-safe.
 */
public final class RefusalLog {

  /** The least time between two log lines about one kind of refusal. */
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int MAX_KINDS = 100;
  private static final int RECENT_KINDS = 20;

  /**
   * @param request method and path, as in {@code POST /api/v1/insert/job}
   * @param user null when unknown
   */
  private record Kind(String request, String user, int status, String text) {
    String describe() {
      return request + (user == null || user.isEmpty() ? "" : " (user \"" + user + "\")") + ": " + status + " " + text;
    }
  }

  private static final class Tally {
    Instant windowStart;
    long repeats;

    Tally(Instant windowStart) {
      this.windowStart = windowStart;
    }
  }

  private record Recent(long count, Instant last) {}

  private final Log log;
  private final Clock clock;
  private final Map<Kind, Tally> followed = new HashMap<>();
  private final LinkedHashMap<Kind, Recent> recent = new LinkedHashMap<>();
  private Tally others;

  public RefusalLog(Log log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /**
   * @param request method and path, as in {@code POST /api/v1/insert/job}
   * @param user the user the request's credentials named, or null
   * @param from who sent it, for the log: the client's address and what else is known
   */
  public synchronized void refused(String request, String user, String from, int status, String text) {
    Instant now = clock.instant();
    Kind kind = new Kind(request, user, status, text);
    Recent before = recent.remove(kind);
    recent.put(kind, new Recent(before == null ? 1 : before.count() + 1, now));
    if (recent.size() > RECENT_KINDS) {
      recent.remove(recent.keySet().iterator().next());
    }
    Tally tally = followed.get(kind);
    if (tally != null) {
      tally.repeats++;
    } else if (followed.size() < MAX_KINDS) {
      followed.put(kind, new Tally(now));
      log.refusal("refused " + request + " from " + from + ": " + status + " " + text);
    } else {
      if (others == null) {
        others = new Tally(now);
      }
      others.repeats++;
    }
  }

  /** Logs the counts of refusals whose minute is over; call every few seconds. */
  public synchronized void report() {
    report(clock.instant(), /* all= */ false);
  }

  /** Logs every count not yet logged, as at shutdown. */
  public synchronized void flush() {
    report(clock.instant(), /* all= */ true);
  }

  private void report(Instant now, boolean all) {
    for (Iterator<Map.Entry<Kind, Tally>> entries = followed.entrySet().iterator(); entries.hasNext(); ) {
      Map.Entry<Kind, Tally> entry = entries.next();
      Tally tally = entry.getValue();
      if (!all && Duration.between(tally.windowStart, now).compareTo(WINDOW) < 0) {
        continue;
      }
      if (tally.repeats == 0) {
        entries.remove();
      } else {
        log.refusal("refused " + tally.repeats + " more " + times(tally.repeats) + " since "
            + Log.timestamp(tally.windowStart) + ": " + entry.getKey().describe());
        tally.windowStart = now;
        tally.repeats = 0;
      }
    }
    if (others != null && (all || Duration.between(others.windowStart, now).compareTo(WINDOW) >= 0)) {
      log.refusal("refused " + others.repeats + " more " + (others.repeats == 1 ? "request" : "requests")
          + " since " + Log.timestamp(others.windowStart) + " for other reasons, beyond the " + MAX_KINDS
          + " kinds of refusal logged one by one");
      others = null;
    }
  }

  private static String times(long count) {
    return count == 1 ? "time" : "times";
  }

  /** The last kinds of refusal, latest first: when last, how often in all, what. */
  public synchronized List<String> recent() {
    List<String> lines = new ArrayList<>(recent.size());
    recent.forEach((kind, seen) -> lines.add(0, seen.last().truncatedTo(ChronoUnit.SECONDS) + " " + seen.count()
        + "x " + kind.describe()));
    return lines;
  }
}
