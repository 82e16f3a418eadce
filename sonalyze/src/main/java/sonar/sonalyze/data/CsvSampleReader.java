package sonar.sonalyze.data;

import java.util.Arrays;
import java.util.List;
import sonar.format.Timestamp;

/**
 * Reads the stored CSV lines of every sonar generation that writes them (0.7 lines stored by the 0.7
 * path, and the free CSV lines of 0.8 to 0.14 stored verbatim) into samples, straight from the bytes,
 * as the reference analysis program reads them: RFC 4180 records of any number of {@code name=value}
 * fields, names it does not know ignored, a record dropped when a known name repeats, a value does not
 * parse, or {@code v}, {@code time}, {@code host}, {@code user} or {@code cmd} is missing. Unlike the
 * reference it keeps a record without {@code cores} (sonar 0.10 and later omit it) and reads an empty
 * {@code gpus=} (what the 0.7 path stores for a node without GPUs) as no GPUs. Also reads the fields of
 * later generations that the analysis uses or {@code parse} shows: {@code epoch}, {@code ppid},
 * {@code rssanonkib}, {@code memtotalkib}. Not thread-safe: one per worker.
 */
public final class CsvSampleReader {

  private static final int V = 1;
  private static final int TIME = 1 << 1;
  private static final int HOST = 1 << 2;
  private static final int CORES = 1 << 3;
  private static final int USER = 1 << 4;
  private static final int PID = 1 << 5;
  private static final int JOB = 1 << 6;
  private static final int CMD = 1 << 7;
  private static final int CPU_PCT = 1 << 8;
  private static final int CPU_KIB = 1 << 9;
  private static final int GPUS = 1 << 10;
  private static final int GPU_PCT = 1 << 11;
  private static final int GPUMEM_PCT = 1 << 12;
  private static final int GPU_KIB = 1 << 13;
  private static final int GPU_FAIL = 1 << 14;
  private static final int CPUTIME = 1 << 15;
  private static final int ROLLEDUP = 1 << 16;
  private static final int EPOCH = 1 << 17;
  private static final int PPID = 1 << 18;
  private static final int RSS_ANON = 1 << 19;
  private static final int MEM_TOTAL = 1 << 20;
  private static final int REQUIRED = V | TIME | HOST | USER | CMD;
  private static final long N_CMD = pack("cmd");
  private static final long N_CORES = pack("cores");
  private static final long N_CPUKIB = pack("cpukib");
  private static final byte[] N_CPUTIME_SEC = bytes("cputime_sec");
  private static final long N_CPU_PCT = pack("cpu%");
  private static final long N_EPOCH = pack("epoch");
  private static final long N_GPUFAIL = pack("gpufail");
  private static final long N_GPUKIB = pack("gpukib");
  private static final long N_GPUMEM_PCT = pack("gpumem%");
  private static final long N_GPUS = pack("gpus");
  private static final long N_GPU_PCT = pack("gpu%");
  private static final long N_HOST = pack("host");
  private static final long N_JOB = pack("job");
  private static final byte[] N_MEMTOTALKIB = bytes("memtotalkib");
  private static final long N_PID = pack("pid");
  private static final long N_PPID = pack("ppid");
  private static final long N_ROLLEDUP = pack("rolledup");
  private static final byte[] N_RSSANONKIB = bytes("rssanonkib");
  private static final long N_TIME = pack("time");
  private static final long N_USER = pack("user");
  private static final double KIB_PER_GB = 1.0 / (1024.0 * 1024.0);

  private final Interner strings = new Interner();
  // The last value of each string field: a file's lines name the same host and version throughout.
  private final Recent hosts = new Recent();
  private final Recent versions = new Recent();
  private final Recent users = new Recent();
  private final Recent commands = new Recent();
  private final GpuSets gpuSets = new GpuSets();
  /** Unquoted copies of quoted fields. */
  private byte[] scratch = new byte[256];
  /** The last time field read and its value: the lines of one sonar run share it. */
  private final byte[] lastTime = new byte[64];
  private int lastTimeLength = -1;
  private long lastTimeValue;

  // The record being read.
  private int seen;
  private String problem;
  private Sample sample;

  /**
   * Reads text[0, length), appending a sample per good record to out, in order, and each bad record to
   * bad.
   */
  public void read(byte[] text, int length, List<Sample> out, Problems.BadLines bad) {
    int at = 0;
    int line = 1;
    while (at < length) {
      byte b = text[at];
      if (b == '\n' || b == '\r') {
        if (b == '\n' || at + 1 >= length || text[at + 1] != '\n') {
          line++;
        }
        at++;
        continue;
      }
      int recordLine = line;
      int recordStart = at;
      seen = 0;
      problem = null;
      sample = new Sample();
      int high = 0;
      boolean firstField = true;
      while (true) {
        int fieldStart;
        int fieldEnd;
        int eq; // where the name ends, -1 for none
        long name; // the name's bytes as a number, which tells names of up to 8 bytes apart
        byte[] field;
        if (text[at] == '"') {
          int copied = 0;
          at++;
          boolean closed = false;
          while (at < length) {
            byte c = text[at];
            if (c == '"') {
              if (at + 1 < length && text[at + 1] == '"') {
                copied = put(copied, c);
                at += 2;
                continue;
              }
              at++;
              closed = true;
              break;
            }
            if (c == '\n') {
              line++;
            }
            high |= c;
            copied = put(copied, c);
            at++;
          }
          if (!closed) {
            setProblem("a quoted field is not closed");
          }
          // What follows the closing quote up to the separator is kept, as the reference's reader keeps it.
          while (at < length && text[at] != ',' && text[at] != '\n' && text[at] != '\r') {
            high |= text[at];
            copied = put(copied, text[at++]);
          }
          field = scratch;
          fieldStart = 0;
          fieldEnd = copied;
          eq = 0;
          while (eq < copied && scratch[eq] != '=') {
            eq++;
          }
          name = pack(scratch, 0, Math.min(eq, 8));
          eq = eq == copied ? -1 : eq;
        } else {
          // The name is packed as it is read, then the value is passed over: each byte is looked at once.
          fieldStart = at;
          long packed = 0;
          while (at < length) {
            byte c = text[at];
            if (c == '=' || c == ',' || c == '\n' || c == '\r') {
              break;
            }
            high |= c;
            packed = (packed << 8) | (c & 0xff);
            at++;
          }
          eq = -1;
          if (at < length && text[at] == '=') {
            eq = at++;
            while (at < length) {
              byte c = text[at];
              if (c == ',' || c == '\n' || c == '\r') {
                break;
              }
              high |= c;
              at++;
            }
          }
          field = text;
          fieldEnd = at;
          name = packed;
        }
        if (firstField && Timestamp.epochNanos(field, fieldStart, fieldEnd) != Timestamp.INVALID) {
          setProblem("a sonar 0.6 record (fields without names), which is not read");
        }
        firstField = false;
        if (problem == null && (high & 0x80) == 0) {
          field(field, fieldStart, fieldEnd, eq, name);
        } else if (problem == null) {
          if (RustValues.isUtf8(field, fieldStart, fieldEnd)) {
            field(field, fieldStart, fieldEnd, eq, name);
          } else {
            setProblem("not UTF-8 text");
          }
        }
        if (at < length && text[at] == ',') {
          at++;
          if (at == length) {
            break;
          }
          continue;
        }
        break;
      }
      if (at < length) { // at a line end
        if (text[at] == '\r' && at + 1 < length && text[at + 1] == '\n') {
          at++;
        }
        at++;
        line++;
      }
      finish(text, recordStart, recordLine, out, bad);
    }
  }

  private int put(int at, byte b) {
    if (at == scratch.length) {
      scratch = Arrays.copyOf(scratch, scratch.length * 2);
    }
    scratch[at] = b;
    return at + 1;
  }

  private void finish(byte[] text, int recordStart, int line, List<Sample> out, Problems.BadLines bad) {
    if (problem == null && (seen & REQUIRED) != REQUIRED) {
      problem = "no " + missing() + " field";
    }
    if (problem != null) {
      bad.add(line, problem);
      return;
    }
    out.add(sample);
  }

  private String missing() {
    int absent = REQUIRED & ~seen;
    if ((absent & V) != 0) {
      return "v=";
    }
    if ((absent & TIME) != 0) {
      return "time=";
    }
    if ((absent & HOST) != 0) {
      return "host=";
    }
    return (absent & USER) != 0 ? "user=" : "cmd=";
  }

  private void setProblem(String why) {
    if (problem == null) {
      problem = why;
    }
  }

  /**
   * One {@code name=value} field: recognised by its name, checked for repetition, its value read.
   *
   * @param eq where the name ends, -1 for a field without one
   * @param name the name's bytes as a number, as {@link #pack} makes it for names of up to 8 bytes
   */
  private void field(byte[] t, int start, int end, int eq, long name) {
    if (eq < 0) {
      return; // no name: a stray part of an unquoted list such as gpus=0,1
    }
    int v = eq + 1;
    switch (eq - start) {
      case 1 -> {
        if (t[start] == 'v' && once(V, "v")) {
          sample.version = versions.get(t, v, end);
        }
      }
      case 3 -> {
        if (name == N_PID && once(PID, "pid")) {
          sample.pid = integer(t, v, end, "pid");
        } else if (name == N_JOB && once(JOB, "job")) {
          sample.job = integer(t, v, end, "job");
        } else if (name == N_CMD && once(CMD, "cmd")) {
          sample.cmd = commands.get(t, v, end);
        }
      }
      case 4 -> {
        if (name == N_TIME && once(TIME, "time")) {
          sample.time = time(t, v, end);
        } else if (name == N_HOST && once(HOST, "host")) {
          sample.host = hosts.get(t, v, end);
        } else if (name == N_USER && once(USER, "user")) {
          sample.user = users.get(t, v, end);
        } else if (name == N_CPU_PCT && once(CPU_PCT, "cpu%")) {
          sample.cpuPct = floating(t, v, end, "cpu%");
        } else if (name == N_GPUS && once(GPUS, "gpus")) {
          GpuSet gpus = gpuSets.parse(t, v, end);
          if (gpus == null) {
            setProblem("gpus=" + shown(t, v, end) + " is not a GPU list");
          } else {
            sample.gpus = gpus;
          }
        } else if (name == N_GPU_PCT && once(GPU_PCT, "gpu%")) {
          sample.gpuPct = floating(t, v, end, "gpu%");
        } else if (name == N_PPID && (seen & PPID) == 0) {
          seen |= PPID;
          sample.ppid = optional(t, v, end);
        }
      }
      case 5 -> {
        if (name == N_CORES && once(CORES, "cores")) {
          sample.cores = integer(t, v, end, "cores");
        } else if (name == N_EPOCH && (seen & EPOCH) == 0) {
          seen |= EPOCH;
          sample.epoch = optional(t, v, end);
        }
      }
      case 6 -> {
        if (name == N_CPUKIB && once(CPU_KIB, "cpukib")) {
          sample.memGb = floating(t, v, end, "cpukib") * KIB_PER_GB;
        } else if (name == N_GPUKIB && once(GPU_KIB, "gpukib")) {
          sample.gpumemGb = floating(t, v, end, "gpukib") * KIB_PER_GB;
        }
      }
      case 7 -> {
        if (name == N_GPUMEM_PCT && once(GPUMEM_PCT, "gpumem%")) {
          sample.gpumemPct = floating(t, v, end, "gpumem%");
        } else if (name == N_GPUFAIL) {
          gpuFail(t, v, end);
        }
      }
      case 8 -> {
        if (name == N_ROLLEDUP && once(ROLLEDUP, "rolledup")) {
          sample.rolledup = integer(t, v, end, "rolledup");
        }
      }
      case 10 -> {
        if (is(t, start, N_RSSANONKIB) && (seen & RSS_ANON) == 0) {
          seen |= RSS_ANON;
          sample.rssAnonKib = optional(t, v, end);
        }
      }
      case 11 -> {
        if (is(t, start, N_CPUTIME_SEC) && once(CPUTIME, "cputime_sec")) {
          sample.cputimeSec = floating(t, v, end, "cputime_sec");
        } else if (is(t, start, N_MEMTOTALKIB) && (seen & MEM_TOTAL) == 0) {
          seen |= MEM_TOTAL;
          sample.memTotalKib = optional(t, v, end);
        }
      }
      default -> {
        // a name the analysis does not use (load, gpuinfo, flags, ...)
      }
    }
  }

  /**
   * Marks name as seen. As the reference, a repeated gpufail counts only after a non-zero one (it notes
   * only failures).
   */
  private boolean once(int bit, String name) {
    if ((seen & bit) != 0) {
      setProblem(name + "= appears twice");
      return false;
    }
    seen |= bit;
    return true;
  }

  private void gpuFail(byte[] t, int start, int end) {
    if ((seen & GPU_FAIL) != 0) {
      setProblem("gpufail= appears twice");
      return;
    }
    long value = integer(t, start, end, "gpufail");
    if (value > 0) {
      seen |= GPU_FAIL;
      sample.gpuFail = true;
    }
  }

  private long integer(byte[] t, int start, int end, String name) {
    long value = RustValues.u32(t, start, end);
    if (value == RustValues.BAD_INTEGER) {
      setProblem(name + "=" + shown(t, start, end) + " is not an unsigned 32-bit integer");
      return 0;
    }
    return value;
  }

  /** A later generation's field, which the reference ignores: a bad value is taken as absent. */
  private static long optional(byte[] t, int start, int end) {
    long value = RustValues.u63(t, start, end);
    return value == RustValues.BAD_INTEGER ? 0 : value;
  }

  private double floating(byte[] t, int start, int end, String name) {
    double value = RustValues.f64(t, start, end);
    if (RustValues.isBad(value)) {
      setProblem(name + "=" + shown(t, start, end) + " is not a finite number");
      return 0;
    }
    return value;
  }

  private long time(byte[] t, int start, int end) {
    int length = end - start;
    if (length == lastTimeLength && sameTime(t, start)) {
      return lastTimeValue;
    }
    long value = Timestamp.epochNanos(t, start, end);
    if (value == Timestamp.INVALID) {
      setProblem("time=" + shown(t, start, end) + " is not an RFC 3339 time");
      return 0;
    }
    if (length <= lastTime.length) {
      System.arraycopy(t, start, lastTime, 0, length);
      lastTimeLength = length;
      lastTimeValue = value;
    }
    return value;
  }

  /** A plain loop, as {@link Interner#same} and for the same reason. */
  private boolean sameTime(byte[] t, int start) {
    for (int i = 0; i < lastTimeLength; i++) {
      if (lastTime[i] != t[start + i]) {
        return false;
      }
    }
    return true;
  }

  private static String shown(byte[] t, int start, int end) {
    int shown = Math.min(end - start, 40);
    String text = new String(t, start, shown, java.nio.charset.StandardCharsets.UTF_8);
    return "\"" + text + (shown < end - start ? "..." : "") + "\"";
  }

  private static boolean is(byte[] t, int at, byte[] name) {
    for (int i = 0; i < name.length; i++) {
      if (t[at + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  /** Up to 8 bytes of a name as one number, to compare a field's name with one comparison. */
  private static long pack(byte[] t, int start, int end) {
    long packed = 0;
    for (int i = start; i < end; i++) {
      packed = (packed << 8) | (t[i] & 0xff);
    }
    return packed;
  }

  private static long pack(String name) {
    byte[] bytes = bytes(name);
    return pack(bytes, 0, bytes.length);
  }

  private static byte[] bytes(String name) {
    return name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The string of the field read last in one place, and the interner for others. */
  private final class Recent {
    private byte[] bytes = new byte[0];
    private String value;

    String get(byte[] text, int start, int end) {
      if (Interner.same(bytes, text, start, end)) {
        return value;
      }
      int slot = strings.slot(text, start, end);
      value = strings.value(slot);
      bytes = strings.key(slot);
      return value;
    }
  }
}
