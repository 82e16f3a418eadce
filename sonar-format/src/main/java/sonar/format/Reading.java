package sonar.format;

/**
 * One process sample as sonar 0.7 reports it and the reference programs carry it: the eighteen fields of
 * the JSON wire form. Integer fields hold unsigned 64-bit values (print them with
 * {@link Long#toUnsignedString(long)}); absent fields are zero or empty. Immutable.
 */
public record Reading(
    String version,
    String time,
    String cluster,
    String host,
    long cores,
    String user,
    long job,
    long pid,
    String cmd,
    double cpuPercent,
    long cpuKib,
    String gpus,
    double gpuPercent,
    double gpuMemPercent,
    long gpuKib,
    long gpuFail,
    long cpuTimeSec,
    long rolledUp) {

  /** The command sonar reports for a heartbeat, a sign of life from an idle node. */
  public static final String HEARTBEAT_COMMAND = "_heartbeat_";

  public Reading {
    requireText(version, "version");
    requireText(time, "time");
    requireText(cluster, "cluster");
    requireText(host, "host");
    requireText(user, "user");
    requireText(cmd, "cmd");
    requireText(gpus, "gpus");
  }

  /** This reading with another cluster. */
  public Reading withCluster(String newCluster) {
    return new Reading(version, time, newCluster, host, cores, user, job, pid, cmd, cpuPercent, cpuKib,
        gpus, gpuPercent, gpuMemPercent, gpuKib, gpuFail, cpuTimeSec, rolledUp);
  }

  /** The value of a {@link ReadingField.Kind#TEXT} field. */
  public String text(ReadingField field) {
    return switch (field) {
      case VERSION -> version;
      case TIME -> time;
      case CLUSTER -> cluster;
      case HOST -> host;
      case USER -> user;
      case CMD -> cmd;
      case GPUS -> gpus;
      default -> throw Builder.wrongKind(field, ReadingField.Kind.TEXT);
    };
  }

  /** The value of a {@link ReadingField.Kind#UINT} field, unsigned. */
  public long unsigned(ReadingField field) {
    return switch (field) {
      case CORES -> cores;
      case JOB -> job;
      case PID -> pid;
      case CPU_KIB -> cpuKib;
      case GPU_KIB -> gpuKib;
      case GPU_FAIL -> gpuFail;
      case CPU_TIME_SEC -> cpuTimeSec;
      case ROLLED_UP -> rolledUp;
      default -> throw Builder.wrongKind(field, ReadingField.Kind.UINT);
    };
  }

  /** The value of a {@link ReadingField.Kind#FLOAT} field. */
  public double floating(ReadingField field) {
    return switch (field) {
      case CPU_PERCENT -> cpuPercent;
      case GPU_PERCENT -> gpuPercent;
      case GPU_MEM_PERCENT -> gpuMemPercent;
      default -> throw Builder.wrongKind(field, ReadingField.Kind.FLOAT);
    };
  }

  static void requireText(String value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is null; use the empty string for an absent value");
    }
  }

  /** Collects fields in any order, as the wire and csvnamed readers find them. Not thread-safe. */
  public static final class Builder {
    private String version = "";
    private String time = "";
    private String cluster = "";
    private String host = "";
    private long cores;
    private String user = "";
    private long job;
    private long pid;
    private String cmd = "";
    private double cpuPercent;
    private long cpuKib;
    private String gpus = "";
    private double gpuPercent;
    private double gpuMemPercent;
    private long gpuKib;
    private long gpuFail;
    private long cpuTimeSec;
    private long rolledUp;

    public Builder text(ReadingField field, String value) {
      requireText(value, field.jsonName());
      switch (field) {
        case VERSION -> version = value;
        case TIME -> time = value;
        case CLUSTER -> cluster = value;
        case HOST -> host = value;
        case USER -> user = value;
        case CMD -> cmd = value;
        case GPUS -> gpus = value;
        default -> throw wrongKind(field, ReadingField.Kind.TEXT);
      }
      return this;
    }

    public Builder unsigned(ReadingField field, long value) {
      switch (field) {
        case CORES -> cores = value;
        case JOB -> job = value;
        case PID -> pid = value;
        case CPU_KIB -> cpuKib = value;
        case GPU_KIB -> gpuKib = value;
        case GPU_FAIL -> gpuFail = value;
        case CPU_TIME_SEC -> cpuTimeSec = value;
        case ROLLED_UP -> rolledUp = value;
        default -> throw wrongKind(field, ReadingField.Kind.UINT);
      }
      return this;
    }

    public Builder floating(ReadingField field, double value) {
      switch (field) {
        case CPU_PERCENT -> cpuPercent = value;
        case GPU_PERCENT -> gpuPercent = value;
        case GPU_MEM_PERCENT -> gpuMemPercent = value;
        default -> throw wrongKind(field, ReadingField.Kind.FLOAT);
      }
      return this;
    }

    private static IllegalArgumentException wrongKind(ReadingField field, ReadingField.Kind asked) {
      return new IllegalArgumentException(field + " holds " + field.kind() + ", not " + asked);
    }

    public Reading build() {
      return new Reading(version, time, cluster, host, cores, user, job, pid, cmd, cpuPercent, cpuKib,
          gpus, gpuPercent, gpuMemPercent, gpuKib, gpuFail, cpuTimeSec, rolledUp);
    }
  }
}
