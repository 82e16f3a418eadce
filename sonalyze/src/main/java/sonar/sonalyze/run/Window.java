package sonar.sonalyze.run;

/**
 * The time a query covers, in nanoseconds since 1970 UTC, both ends inclusive for records; and whether
 * records are filtered by it at all (not when input files are named and the ends not given).
 */
public record Window(long from, long to, boolean filterFrom, boolean filterTo) {

  public boolean contains(long time) {
    return (!filterFrom || from <= time) && (!filterTo || time <= to);
  }
}
