package sonar.sonalyze.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.cli.UsageException;
import sonar.sonalyze.cli.Values;

/**
 * Which assembled jobs to keep: at least {@code --min-samples} samples, then every bound on the
 * rounded-up aggregates ({@code --min-cpu-avg} ...; both ends inclusive), the run time, GPU use, live or
 * completed, zombie. As the reference, the bounds on relative figures (with their defaults, at most 100)
 * apply when a config file is given; without one they apply only if given on the command line, against
 * the sizes the nodes described themselves with. Immutable.
 */
record JobFilter(long minSamples, List<Bound> absolute, List<Bound> relative, boolean relativeGiven,
    long minRuntimeSeconds, boolean noGpu, boolean someGpu, boolean completed, boolean running, boolean zombie) {

  /** The reference's "no limit" for the absolute maxima. */
  private static final double BIG = 100_000_000;
  private static final double ALL_OF_THE_NODE = 100;

  /** One bound: the aggregate it reads, at least or at most the limit. */
  record Bound(ToDoubleFunction<JobSummary> value, boolean atLeast, double limit) {
    boolean test(JobSummary job) {
      double v = value.applyAsDouble(job);
      return atLeast ? v >= limit : v <= limit;
    }
  }

  static JobFilter from(ParsedFlags flags) throws UsageException {
    List<Bound> absolute = new ArrayList<>();
    List<Bound> relative = new ArrayList<>();
    boolean[] relativeGiven = {false};
    Adder add = (name, value, atLeast, fallback, isRelative) -> {
      String given = flags.value(name);
      if (given != null && isRelative) {
        relativeGiven[0] = true;
      }
      double limit = given == null ? fallback : Values.unsigned(name, given);
      // Zero minima too: a NaN aggregate fails them, as in the reference.
      (isRelative ? relative : absolute).add(new Bound(value, atLeast, limit));
    };
    add.add("min-cpu-avg", j -> j.cpuAvg, true, 0, false);
    add.add("min-cpu-peak", j -> j.cpuPeak, true, 0, false);
    add.add("max-cpu-avg", j -> j.cpuAvg, false, BIG, false);
    add.add("max-cpu-peak", j -> j.cpuPeak, false, BIG, false);
    add.add("min-mem-avg", j -> j.memAvg, true, 0, false);
    add.add("min-mem-peak", j -> j.memPeak, true, 0, false);
    add.add("min-gpu-avg", j -> j.gpuAvg, true, 0, false);
    add.add("min-gpu-peak", j -> j.gpuPeak, true, 0, false);
    add.add("max-gpu-avg", j -> j.gpuAvg, false, BIG, false);
    add.add("max-gpu-peak", j -> j.gpuPeak, false, BIG, false);
    add.add("min-gpumem-avg", j -> j.gpumemAvg, true, 0, false);
    add.add("min-gpumem-peak", j -> j.gpumemPeak, true, 0, false);
    add.add("min-rcpu-avg", j -> j.rcpuAvg, true, 0, true);
    add.add("min-rcpu-peak", j -> j.rcpuPeak, true, 0, true);
    add.add("max-rcpu-avg", j -> j.rcpuAvg, false, ALL_OF_THE_NODE, true);
    add.add("max-rcpu-peak", j -> j.rcpuPeak, false, ALL_OF_THE_NODE, true);
    add.add("min-rmem-avg", j -> j.rmemAvg, true, 0, true);
    add.add("min-rmem-peak", j -> j.rmemPeak, true, 0, true);
    add.add("min-rgpu-avg", j -> j.rgpuAvg, true, 0, true);
    add.add("min-rgpu-peak", j -> j.rgpuPeak, true, 0, true);
    add.add("max-rgpu-avg", j -> j.rgpuAvg, false, ALL_OF_THE_NODE, true);
    add.add("max-rgpu-peak", j -> j.rgpuPeak, false, ALL_OF_THE_NODE, true);
    add.add("min-rgpumem-avg", j -> j.rgpumemAvg, true, 0, true);
    add.add("min-rgpumem-peak", j -> j.rgpumemPeak, true, 0, true);
    String samples = flags.value("min-samples");
    String runtime = flags.value("min-runtime");
    return new JobFilter(samples == null ? 2 : Values.unsigned("min-samples", samples), List.copyOf(absolute),
        List.copyOf(relative), relativeGiven[0], runtime == null ? 0 : Values.runtime("min-runtime", runtime),
        flags.has("no-gpu"), flags.has("some-gpu"), flags.has("completed"), flags.has("running"),
        flags.has("zombie"));
  }

  @FunctionalInterface
  private interface Adder {
    void add(String name, ToDoubleFunction<JobSummary> value, boolean atLeast, double fallback, boolean relative)
        throws UsageException;
  }

  /** Whether the job passes; relative bounds count only with a config file or when given. */
  boolean test(JobSummary job, boolean configFileGiven) {
    for (Bound bound : absolute) {
      if (!bound.test(job)) {
        return false;
      }
    }
    if (configFileGiven || relativeGiven) {
      for (Bound bound : relative) {
        if (!bound.test(job)) {
          return false;
        }
      }
    }
    if (job.durationSeconds < minRuntimeSeconds) {
      return false;
    }
    if ((noGpu && job.usesGpu) || (someGpu && !job.usesGpu)) {
      return false;
    }
    if ((completed && (job.classification & JobSummary.LIVE_AT_END) != 0)
        || (running && (job.classification & JobSummary.LIVE_AT_END) == 0)) {
      return false;
    }
    return !zombie || job.zombie;
  }
}
