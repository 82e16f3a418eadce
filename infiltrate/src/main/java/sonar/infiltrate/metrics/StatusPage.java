package sonar.infiltrate.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code /status} page, for a person: version and uptime, whether storage works, the configuration
 * in effect, per cluster the records stored and when the last came, the recent kinds of refused request,
 * and the recent warnings. Plain text. Thread-safe.
 */
public final class StatusPage {

  private final String version;
  private final Instant started;
  private final String configuration;
  private final Clock clock;
  private final Metrics metrics;
  private final Supplier<String> storageProblem;
  private final Supplier<List<String>> recentProblems;
  private final Supplier<List<String>> recentRefusals;

  /**
   * @param storageProblem null while storage works
   */
  public StatusPage(String version, String configuration, Clock clock, Metrics metrics,
      Supplier<String> storageProblem, Supplier<List<String>> recentProblems, Supplier<List<String>> recentRefusals) {
    this.version = version;
    this.started = clock.instant();
    this.configuration = configuration;
    this.clock = clock;
    this.metrics = metrics;
    this.storageProblem = storageProblem;
    this.recentProblems = recentProblems;
    this.recentRefusals = recentRefusals;
  }

  public String render() {
    Instant now = clock.instant();
    StringBuilder page = new StringBuilder(1024);
    page.append("infiltrate ").append(version).append(", up ").append(human(Duration.between(started, now)))
        .append(" (since ").append(started).append(")\n");
    String problem = storageProblem.get();
    page.append("storage: ").append(problem == null ? "ok" : "FAILING: " + problem).append('\n');
    page.append("configuration: ").append(configuration).append("\n\n");
    Map<String, Metrics.ClusterActivity> clusters = metrics.clusters();
    if (clusters.isEmpty()) {
      page.append("no records stored since the start\n");
    } else {
      int width = Math.max(7, clusters.keySet().stream().mapToInt(String::length).max().orElse(0));
      page.append(String.format("%-" + width + "s  %12s  %s%n", "cluster", "records", "last stored"));
      clusters.forEach((cluster, activity) -> page.append(String.format("%-" + width + "s  %12d  %s (%s ago)%n",
          cluster, activity.records(), activity.lastStored(), human(Duration.between(activity.lastStored(), now)))));
    }
    list(page, "recent refusals, latest first", recentRefusals.get());
    list(page, "recent warnings and errors", recentProblems.get());
    return page.toString();
  }

  private static void list(StringBuilder page, String title, List<String> lines) {
    page.append('\n').append(title).append(':').append(lines.isEmpty() ? " none\n" : "\n");
    lines.forEach(line -> page.append(line).append('\n'));
  }

  /** "3 d 4 h", "5 h 2 min", "7 min 3 s", "12 s". */
  static String human(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds >= 86_400) {
      return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }
    if (seconds >= 3600) {
      return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
    if (seconds >= 60) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds + " s";
  }
}
