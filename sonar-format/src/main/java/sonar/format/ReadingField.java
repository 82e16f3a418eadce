package sonar.format;

/**
 * The fields of a {@link Reading}, in wire order, with their names in csvnamed lines (and stored files)
 * and in the JSON wire form, and the kind of value each holds.
 */
public enum ReadingField {
  VERSION("v", "version", Kind.TEXT),
  TIME("time", "time", Kind.TEXT),
  CLUSTER(null, "cluster", Kind.TEXT),
  HOST("host", "host", Kind.TEXT),
  CORES("cores", "cores", Kind.UINT),
  USER("user", "user", Kind.TEXT),
  JOB("job", "job", Kind.UINT),
  PID("pid", "pid", Kind.UINT),
  CMD("cmd", "cmd", Kind.TEXT),
  CPU_PERCENT("cpu%", "cpu%", Kind.FLOAT),
  CPU_KIB("cpukib", "cpukib", Kind.UINT),
  GPUS("gpus", "gpus", Kind.TEXT),
  GPU_PERCENT("gpu%", "gpu%", Kind.FLOAT),
  GPU_MEM_PERCENT("gpumem%", "gpumem%", Kind.FLOAT),
  GPU_KIB("gpukib", "gpukib", Kind.UINT),
  GPU_FAIL("gpufail", "gpufail", Kind.UINT),
  CPU_TIME_SEC("cputime_sec", "cputime_sec", Kind.UINT),
  ROLLED_UP("rolledup", "rolledup", Kind.UINT);

  /** What a field holds: text, an unsigned 64-bit integer, or a double. */
  public enum Kind { TEXT, UINT, FLOAT }

  private final String csvName;
  private final String jsonName;
  private final Kind kind;

  ReadingField(String csvName, String jsonName, Kind kind) {
    this.csvName = csvName;
    this.jsonName = jsonName;
    this.kind = kind;
  }

  /** The name in csvnamed lines and stored files; null for the cluster, which they do not carry. */
  public String csvName() {
    return csvName;
  }

  public String jsonName() {
    return jsonName;
  }

  public Kind kind() {
    return kind;
  }
}
