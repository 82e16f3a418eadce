package sonar.naicreport.violations;

import java.time.Instant;

/**
 * One job as the logs tell it: first built from one log line, then merged with the lines of the same job
 * in the following runs. Times are UTC instants at minute precision. Not thread-safe.
 */
final class LoggedJob {

  /** The cpuhog figures of a line; the maximum over the merged lines. Null for dead weight. */
  record CpuFigures(double cpuPeak, double gpuPeak, double rcpuAvg, double rcpuPeak, double rmemAvg, double rmemPeak) {
    CpuFigures max(CpuFigures other) {
      return new CpuFigures(Math.max(cpuPeak, other.cpuPeak), Math.max(gpuPeak, other.gpuPeak),
          Math.max(rcpuAvg, other.rcpuAvg), Math.max(rcpuPeak, other.rcpuPeak), Math.max(rmemAvg, other.rmemAvg),
          Math.max(rmemPeak, other.rmemPeak));
    }
  }

  final long id;
  final String host;
  final String user;
  final String cmd;
  /** The {@code now} of the newest run that saw the job. */
  Instant lastSeen;
  Instant start;
  Instant end;
  CpuFigures figures;
  /** An older job with the id of a newer one on the same host. */
  boolean expired;
  /** Taken into a job of a newer run while merging. */
  boolean merged;

  LoggedJob(long id, String host, String user, String cmd, Instant now, Instant start, Instant end,
      CpuFigures figures) {
    this.id = id;
    this.host = host;
    this.user = user;
    this.cmd = cmd;
    this.lastSeen = now;
    this.start = start;
    this.end = end;
    this.figures = figures;
  }

  /** Takes in what an older run saw of the same job. */
  void merge(LoggedJob older) {
    lastSeen = max(lastSeen, older.lastSeen);
    start = min(start, older.start);
    end = max(end, older.end);
    if (figures != null && older.figures != null) {
      figures = figures.max(older.figures);
    }
    older.merged = true;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
