package sonar.naicreport.violations;

import java.util.Set;

/**
 * The two kinds of violation naicreport follows: CPU hogs (much CPU, no GPU, on GPU nodes) and dead weight
 * (zombie, defunct or hung jobs). Each has its daily log, written by the cron's sonalyze runs, and its
 * state file; a log line counts when its {@code tag} is one of the policy's.
 */
public enum Policy {
  CPUHOG("cpuhog.csv", "cpuhog-state.csv", Set.of("cpuhog")),
  /** Old logs tagged their lines {@code bughunt}. */
  DEADWEIGHT("deadweight.csv", "deadweight-state.csv", Set.of("deadweight", "bughunt"));

  private final String logName;
  private final String stateName;
  private final Set<String> tags;

  Policy(String logName, String stateName, Set<String> tags) {
    this.logName = logName;
    this.stateName = stateName;
    this.tags = tags;
  }

  /** The name of the daily log under {@code YYYY/MM/DD/}. */
  public String logName() {
    return logName;
  }

  /** The name of the state file in the data directory, when {@code -state-file} is not given. */
  public String stateName() {
    return stateName;
  }

  boolean accepts(String tag) {
    return tags.contains(tag);
  }
}
