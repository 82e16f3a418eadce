package sonar.naicreport.violations;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import sonar.naicreport.json.GoJson;

/**
 * The three forms of a policy's report, as the reference prints them: text blocks for the mail (new jobs
 * only, by host and id), {@code -summary} lines, and {@code -json} for the dashboard (every job this
 * run's logs mention). Only jobs the logs of this run mention are reported. Stateless.
 */
final class Reports {

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

  private Reports() {}

  /** The jobs this run's logs mention; with {@code onlyNew}, those not reported yet. */
  static List<JobState> select(JobDatabase db, boolean onlyNew) {
    List<JobState> jobs = new ArrayList<>();
    for (JobState job : db.jobs()) {
      if (job.logged != null && (!onlyNew || !job.isReported)) {
        jobs.add(job);
      }
    }
    return jobs;
  }

  /** The mail's text; the jobs become reported. */
  static String text(List<JobState> jobs, Policy policy) {
    List<JobState> sorted = new ArrayList<>(jobs);
    sorted.sort(Comparator.comparing((JobState job) -> job.host).thenComparingLong(job -> job.id));
    StringBuilder out = new StringBuilder();
    for (JobState job : sorted) {
      job.isReported = true;
      if (policy == Policy.CPUHOG) {
        LoggedJob.CpuFigures figures = job.logged.figures;
        out.append("New CPU hog detected (uses a lot of CPU and no GPU) on host \"").append(job.host).append("\":\n");
        common(out, job, "Last Seen");
        out.append("  Observed data:\n")
            .append("    CPU peak = ").append(cores(figures.cpuPeak())).append(" cores\n")
            .append("    CPU utilization avg/peak = ").append(whole(figures.rcpuAvg())).append("%, ")
            .append(whole(figures.rcpuPeak())).append("%\n")
            .append("    Memory utilization avg/peak = ").append(whole(figures.rmemAvg())).append("%, ")
            .append(whole(figures.rmemPeak())).append("%\n\n");
      } else {
        out.append("New pointless job detected (zombie, defunct, or hung) on host \"").append(job.host).append("\":\n");
        common(out, job, "Last seen");
      }
    }
    return out.toString();
  }

  private static void common(StringBuilder out, JobState job, String lastSeenLabel) {
    out.append("  Job#: ").append(job.id).append('\n')
        .append("  User: ").append(job.logged.user).append('\n')
        .append("  Command: ").append(job.logged.cmd).append('\n')
        .append("  Started on or before: ").append(format(job.startedOnOrBefore)).append('\n')
        .append("  Violation first detected: ").append(format(job.firstViolation)).append('\n')
        .append("  ").append(lastSeenLabel).append(": ").append(format(job.lastSeen)).append('\n');
  }

  /**
   * {@code -summary}: one line a job, {@code user,id,host} and for CPU hogs the peak in cores; they become reported.
   */
  static String summary(List<JobState> jobs, Policy policy) {
    StringBuilder out = new StringBuilder();
    for (JobState job : jobs) {
      job.isReported = true;
      out.append(job.logged.user).append(',').append(job.id).append(',').append(job.host);
      if (policy == Policy.CPUHOG) {
        out.append(',').append(cores(job.logged.figures.cpuPeak()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** {@code -json}: an array of the jobs, then a newline; nothing becomes reported. */
  static String json(List<JobState> jobs, Policy policy) {
    GoJson json = new GoJson().beginArray();
    for (JobState job : jobs) {
      json.beginObject()
          .field("hostname", job.host)
          .field("id", job.id)
          .field("user", job.logged.user)
          .field("cmd", job.logged.cmd)
          .field("started-on-or-before", format(job.startedOnOrBefore))
          .field("first-violation", format(job.firstViolation))
          .field("last-seen", format(job.lastSeen));
      if (policy == Policy.CPUHOG) {
        LoggedJob.CpuFigures figures = job.logged.figures;
        json.field("cpu-peak", cores(figures.cpuPeak()))
            .field("rcpu-avg", whole(figures.rcpuAvg()))
            .field("rcpu-peak", whole(figures.rcpuPeak()))
            .field("rmem-avg", whole(figures.rmemAvg()))
            .field("rmem-peak", whole(figures.rmemPeak()));
      }
      json.endObject();
    }
    return json.endArray() + "\n";
  }

  private static String format(OffsetDateTime time) {
    return DATE_TIME.format(time);
  }

  /** sonalyze's cpu-peak is in percent of a core; the report gives whole cores, truncated. */
  private static long cores(double cpuPeakPercent) {
    return whole(cpuPeakPercent / 100);
  }

  /**
   * A figure as the reference's {@code uint32(x)} makes it: truncated toward zero. Go leaves the result
   * of a negative or too large value to the machine; here it is 0 and 2^32-1.
   */
  static long whole(double value) {
    if (Double.isNaN(value) || value <= 0) {
      return 0;
    }
    return value >= 4294967295.0 ? 4294967295L : (long) value;
  }
}
