package sonar.sonalyze.jobs;

import java.util.List;
import sonar.format.RustFloat;
import sonar.sonalyze.output.Fields;
import sonar.sonalyze.output.RustMath;
import sonar.sonalyze.output.Times;

/** The fields {@code jobs} prints, as the reference writes them. Stateless. */
final class JobFields {

  static final String DEFAULTS = "std,cpu,mem,gpu,gpumem,cmd";
  static final List<String> RELATIVE = List.of("rcpu-avg", "rcpu-peak", "rmem-avg", "rmem-peak", "rgpu-avg",
      "rgpu-peak", "rgpumem-avg", "rgpumem-peak");

  private JobFields() {}

  /**
   * @param now the time to print for {@code now}
   * @param forPeople whether the output is fixed or awk columns, where hosts show their first name element
   */
  static Fields<JobSummary> fields(long now, boolean forPeople) {
    String nowText = Times.minutes(now);
    String nowSeconds = Long.toString(Times.seconds(now));
    return new Fields<JobSummary>(DEFAULTS)
        .add("jobm", j -> j.job + mark(j.classification))
        .add("job", j -> Long.toString(j.job))
        .add("user", j -> j.user)
        .add("duration", j -> dhm(j.days, j.hours, j.minutes))
        .add("duration/sec", j -> Long.toString(60 * j.durationMinutes()))
        .add("start", j -> Times.minutes(j.first))
        .add("start/sec", j -> Long.toString(Times.seconds(j.first)))
        .add("end", j -> Times.minutes(j.last))
        .add("end/sec", j -> Long.toString(Times.seconds(j.last)))
        .add("cpu-avg", j -> RustFloat.format(j.cpuAvg))
        .add("cpu-peak", j -> RustFloat.format(j.cpuPeak))
        .add("rcpu-avg", j -> RustFloat.format(j.rcpuAvg))
        .add("rcpu-peak", j -> RustFloat.format(j.rcpuPeak))
        .add("mem-avg", j -> RustFloat.format(j.memAvg))
        .add("mem-peak", j -> RustFloat.format(j.memPeak))
        .add("rmem-avg", j -> RustFloat.format(j.rmemAvg))
        .add("rmem-peak", j -> RustFloat.format(j.rmemPeak))
        .add("gpu-avg", j -> RustFloat.format(j.gpuAvg))
        .add("gpu-peak", j -> RustFloat.format(j.gpuPeak))
        .add("rgpu-avg", j -> RustFloat.format(j.rgpuAvg))
        .add("rgpu-peak", j -> RustFloat.format(j.rgpuPeak))
        .add("gpumem-avg", j -> RustFloat.format(j.gpumemAvg))
        .add("gpumem-peak", j -> RustFloat.format(j.gpumemPeak))
        .add("rgpumem-avg", j -> RustFloat.format(j.rgpumemAvg))
        .add("rgpumem-peak", j -> RustFloat.format(j.rgpumemPeak))
        .add("gpus", j -> j.gpus.toString())
        .add("gpufail", j -> j.gpuFail ? "1" : "0")
        .add("cmd", j -> j.cmd)
        .add("host", j -> host(j.host, forPeople))
        .add("now", j -> nowText)
        .add("now/sec", j -> nowSeconds)
        .add("classification", j -> "0x" + Integer.toHexString(j.classification))
        .add("cputime/sec", j -> Long.toString(busySeconds(j.cpuAvg, j)))
        .add("cputime", j -> rounded(busySeconds(j.cpuAvg, j)))
        .add("gputime/sec", j -> Long.toString(busySeconds(j.gpuAvg, j)))
        .add("gputime", j -> rounded(busySeconds(j.gpuAvg, j)))
        .alias("std", "jobm", "user", "duration", "host")
        .alias("cpu", "cpu-avg", "cpu-peak")
        .alias("rcpu", "rcpu-avg", "rcpu-peak")
        .alias("mem", "mem-avg", "mem-peak")
        .alias("rmem", "rmem-avg", "rmem-peak")
        .alias("gpu", "gpu-avg", "gpu-peak")
        .alias("rgpu", "rgpu-avg", "rgpu-peak")
        .alias("gpumem", "gpumem-avg", "gpumem-peak")
        .alias("rgpumem", "rgpumem-avg", "rgpumem-peak");
  }

  /** {@code !} live at both ends, {@code <} at the start, {@code >} at the end. */
  private static String mark(int classification) {
    int both = JobSummary.LIVE_AT_START | JobSummary.LIVE_AT_END;
    if ((classification & both) == both) {
      return "!";
    }
    if ((classification & JobSummary.LIVE_AT_START) != 0) {
      return "<";
    }
    return (classification & JobSummary.LIVE_AT_END) != 0 ? ">" : "";
  }

  /** {@code 0d 3h 5m}: days, then hours and minutes right-aligned in two places. */
  private static String dhm(long days, long hours, long minutes) {
    return days + "d" + (hours < 10 ? " " : "") + hours + "h" + (minutes < 10 ? " " : "") + minutes + "m";
  }

  /** Average use (percent of a core or card) times the duration: core- or card-seconds. */
  private static long busySeconds(double average, JobSummary job) {
    return RustMath.toLong(RustMath.round(average * (double) (60 * job.durationMinutes()) / 100.0));
  }

  /** As days, hours and minutes, half a minute and more rounding up. */
  private static String rounded(long seconds) {
    if (seconds % 60 >= 30) {
      seconds += 30;
    }
    return dhm(seconds / 86_400, (seconds / 3600) % 24, (seconds / 60) % 60);
  }

  /**
   * The host (or the compressed list of hosts); for people only its first element ({@code ml8},
   * {@code c1-[5-6]}).
   */
  private static String host(String host, boolean forPeople) {
    int dot = host.indexOf('.');
    return forPeople && dot >= 0 ? host.substring(0, dot) : host;
  }
}
