package sonar.naicreport.violations;

import java.time.OffsetDateTime;

/**
 * What the state file remembers of one job, and in memory the job as this run's logs tell it
 * ({@link #logged}, null for a job the logs no longer mention). Not thread-safe.
 */
final class JobState {

  final long id;
  final String host;
  final OffsetDateTime startedOnOrBefore;
  final OffsetDateTime firstViolation;
  OffsetDateTime lastSeen;
  boolean isReported;
  final boolean isExpired;
  LoggedJob logged;

  JobState(long id, String host, OffsetDateTime startedOnOrBefore, OffsetDateTime firstViolation,
      OffsetDateTime lastSeen, boolean isReported, boolean isExpired) {
    this.id = id;
    this.host = host;
    this.startedOnOrBefore = startedOnOrBefore;
    this.firstViolation = firstViolation;
    this.lastSeen = lastSeen;
    this.isReported = isReported;
    this.isExpired = isExpired;
  }
}
