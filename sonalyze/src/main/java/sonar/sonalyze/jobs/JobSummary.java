package sonar.sonalyze.jobs;

import sonar.sonalyze.data.GpuSet;

/**
 * What is known of one job after assembly: who, where, when, and its aggregates, each rounded up as
 * the reference rounds them before filtering and printing. Relative figures are 0 when the node's size
 * is unknown. A plain data carrier, kept for every job printed, so it holds no samples.
 */
final class JobSummary {

  /** Live at the end: the job's last sample is its host's last. */
  static final int LIVE_AT_END = 1;
  /** Live at the start: the job's first sample is its host's first. */
  static final int LIVE_AT_START = 2;

  long job;
  String user;
  /** The host, or for a job merged across hosts the compressed list of them. */
  String host;
  String cmd;
  long first;
  long last;
  long durationSeconds;
  long days;
  long hours;
  long minutes;
  boolean usesGpu;
  boolean gpuFail;
  GpuSet gpus;
  int classification;
  int samples;
  boolean zombie;

  double cpuAvg;
  double cpuPeak;
  double rcpuAvg;
  double rcpuPeak;
  double memAvg;
  double memPeak;
  double rmemAvg;
  double rmemPeak;
  double gpuAvg;
  double gpuPeak;
  double rgpuAvg;
  double rgpuPeak;
  double gpumemAvg;
  double gpumemPeak;
  double rgpumemAvg;
  double rgpumemPeak;

  /** Duration in whole minutes, as the reference shows and multiplies it. */
  long durationMinutes() {
    return minutes + 60 * (hours + days * 24);
  }
}
