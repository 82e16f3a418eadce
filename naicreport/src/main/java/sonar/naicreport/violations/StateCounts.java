package sonar.naicreport.violations;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Counts from a state file, for the at-a-glance report. Stateless. */
public final class StateCounts {

  private StateCounts() {}

  /**
   * How many jobs of each host (active and expired) were first seen violating after a time; a missing
   * state file counts nothing.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a state file
   */
  public static Map<String, Integer> firstSeenAfter(Path stateFile, Instant cutoff) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    for (JobState job : JobDatabase.read(stateFile).jobs()) {
      if (job.firstViolation.toInstant().isAfter(cutoff)) {
        counts.merge(job.host, 1, Integer::sum);
      }
    }
    return counts;
  }
}
