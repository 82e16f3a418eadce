package sonar.sonalyze.data;

/**
 * One sample of one process (or of a rolled-up group of processes) of one job on one node at one
 * instant, whichever generation of sonar data it was read from; also the synthesized records that
 * merging and bucketing make, which sum such samples. Memory is in GB (2^30 bytes), percentages as
 * sonar gives them (100 = one core, one card). A plain data carrier: the reader fills it, the stream
 * cleaning step sets {@link #cpuUtilPct} and may adjust the GPU memory figures; not thread-safe, owned by
 * one worker at a time.
 */
public final class Sample {

  /** The reference's tag for heartbeats, which sonar sends when it has nothing else to say. */
  public static final String HEARTBEAT_COMMAND = "_heartbeat_";

  /** Nanoseconds since 1970-01-01T00:00:00Z. */
  public long time;
  public String version;
  public String host;
  /** The node's core count as the record gives it; 0 when absent (sonar 0.10 and later). */
  public long cores;
  public String user;
  public String cmd;
  public long pid;
  public long job;
  /** The node's boot epoch (sonar 0.13 and later) for jobs outside a batch system; 0 when absent. */
  public long epoch;
  public long ppid;
  /** Resident private memory in KiB (sonar 0.8 and later); 0 when absent. */
  public long rssAnonKib;
  /** The node's memory in KiB as sonar 0.8 and 0.9 gave it; 0 when absent. */
  public long memTotalKib;
  public double cpuPct;
  public double memGb;
  public GpuSet gpus = GpuSet.EMPTY;
  public double gpuPct;
  public double gpumemPct;
  public double gpumemGb;
  public boolean gpuFail;
  public double cputimeSec;
  public long rolledup;
  /** CPU use since the previous sample of the same stream (100 = one core); set by stream cleaning. */
  public double cpuUtilPct;

  public boolean isHeartbeat() {
    return HEARTBEAT_COMMAND.equals(cmd);
  }
}
