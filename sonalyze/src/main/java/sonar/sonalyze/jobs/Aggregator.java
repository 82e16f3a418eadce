package sonar.sonalyze.jobs;

import java.util.List;
import sonar.sonalyze.config.NodeConfig;
import sonar.sonalyze.data.GpuSet;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.output.RustMath;

/**
 * Sums up one job's merged samples as the reference does: averages and peaks of CPU, memory, GPU and
 * GPU memory, relative to the node's size when it is known (GPU memory as a fraction, not a percentage,
 * as the reference and its cases have it), every one rounded up; duration; GPU use; and whether the job
 * was live at the first or last sample of its host. Stateless.
 */
final class Aggregator {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Aggregator() {}

  /**
   * @param samples the merged samples, in time order, at least one
   * @param earliest the first time of any sample of the job's host(s), whatever the filters
   * @param latest the last such time
   * @param size the node's size, or null
   */
  static JobSummary aggregate(List<Sample> samples, String host, long earliest, long latest, NodeConfig size) {
    Sample head = samples.get(0);
    JobSummary job = new JobSummary();
    job.job = head.job;
    job.user = head.user;
    job.host = host;
    job.cmd = head.cmd;
    job.samples = samples.size();
    job.first = head.time;
    job.last = samples.get(samples.size() - 1).time;
    job.durationSeconds = (job.last - job.first) / NANOS_PER_SECOND;
    long minutes = (long) RustMath.round((double) job.durationSeconds / 60.0);
    job.minutes = minutes % 60;
    job.hours = (minutes / 60) % 24;
    job.days = minutes / (60 * 24);

    double n = samples.size();
    double cpuSum = 0;
    double cpuPeak = 0;
    double gpuSum = 0;
    double gpuPeak = 0;
    double memSum = 0;
    double memPeak = 0;
    double gpumemSum = 0;
    double gpumemPeak = 0;
    GpuSet gpus = GpuSet.EMPTY;
    String lastCmd = null;
    String lastUser = null;
    for (Sample sample : samples) {
      cpuSum += sample.cpuUtilPct;
      cpuPeak = max(cpuPeak, sample.cpuUtilPct);
      gpuSum += sample.gpuPct;
      gpuPeak = max(gpuPeak, sample.gpuPct);
      memSum += sample.memGb;
      memPeak = max(memPeak, sample.memGb);
      gpumemSum += sample.gpumemGb;
      gpumemPeak = max(gpumemPeak, sample.gpumemGb);
      job.usesGpu |= !sample.gpus.isEmpty();
      job.gpuFail |= sample.gpuFail;
      if (sample.cmd != lastCmd || sample.user != lastUser) { // a job's samples share a few strings
        lastCmd = sample.cmd;
        lastUser = sample.user;
        job.zombie |= lastCmd.contains("<defunct>") || lastUser.startsWith("_zombie_");
      }
      gpus = gpus.union(sample.gpus);
    }
    job.gpus = gpus;
    double cpuAvg = cpuSum / n;
    double gpuAvg = gpuSum / n;
    double memAvg = memSum / n;
    double gpumemAvg = gpumemSum / n;
    job.cpuAvg = Math.ceil(cpuAvg);
    job.cpuPeak = Math.ceil(cpuPeak);
    job.gpuAvg = Math.ceil(gpuAvg);
    job.gpuPeak = Math.ceil(gpuPeak);
    job.memAvg = Math.ceil(memAvg);
    job.memPeak = Math.ceil(memPeak);
    job.gpumemAvg = Math.ceil(gpumemAvg);
    job.gpumemPeak = Math.ceil(gpumemPeak);
    if (size != null) {
      double cores = size.cpuCores();
      double cards = size.gpuCards();
      job.rcpuAvg = Math.ceil(cpuAvg / cores);
      job.rcpuPeak = Math.ceil(cpuPeak / cores);
      job.rmemAvg = Math.ceil((memAvg * 100.0) / size.memGb());
      job.rmemPeak = Math.ceil((memPeak * 100.0) / size.memGb());
      job.rgpuAvg = Math.ceil(gpuAvg / cards);
      job.rgpuPeak = Math.ceil(gpuPeak / cards);
      job.rgpumemAvg = Math.ceil(gpumemAvg / size.gpumemGb());
      job.rgpumemPeak = Math.ceil(gpumemPeak / size.gpumemGb());
    }
    if (job.first == earliest) {
      job.classification |= JobSummary.LIVE_AT_START;
    }
    if (job.last == latest) {
      job.classification |= JobSummary.LIVE_AT_END;
    }
    return job;
  }

  /** Rust's {@code f64::max}: a NaN loses to the other value. */
  private static double max(double a, double b) {
    if (Double.isNaN(a)) {
      return b;
    }
    if (Double.isNaN(b)) {
      return a;
    }
    return b > a ? b : a;
  }
}
