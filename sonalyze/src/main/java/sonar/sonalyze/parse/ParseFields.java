package sonar.sonalyze.parse;

import sonar.format.RustFloat;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.output.Fields;
import sonar.sonalyze.output.RustMath;
import sonar.sonalyze.output.Times;

/**
 * The fields {@code parse} prints of each sample, as the reference writes them; under
 * {@code nodefaults} the default values are left out, so that {@code csvnamed,roundtrip,nodefaults}
 * reads back. Also the fields of later sonar generations the reference does not know: {@code epoch},
 * {@code ppid}, {@code rssanonkib}, {@code memtotalkib}. Stateless.
 */
final class ParseFields {

  static final String DEFAULTS = "job,user,cmd";
  private static final double KIB_PER_GB = 1024.0 * 1024.0;

  private ParseFields() {}

  static Fields<Sample> fields(boolean nodefaults) {
    return new Fields<Sample>(DEFAULTS)
        .add("version", s -> s.version)
        .add("v", s -> s.version)
        .add("localtime", s -> Times.minutes(s.time))
        .add("time", s -> Times.iso(s.time))
        .add("host", s -> s.host)
        .add("cores", s -> Long.toString(s.cores))
        .add("user", s -> s.user)
        .add("pid", s -> skip(nodefaults && s.pid == 0, Long.toString(s.pid)))
        .add("job", s -> Long.toString(s.job))
        .add("cmd", s -> s.cmd)
        .add("cpu_pct", s -> RustFloat.format(s.cpuPct))
        .add("cpu%", s -> RustFloat.format(s.cpuPct))
        .add("mem_gb", s -> Long.toString(RustMath.toLong(RustMath.round(s.memGb))))
        .add("cpukib", s -> Long.toString(RustMath.toLong(RustMath.round(s.memGb * KIB_PER_GB))))
        .add("gpus", s -> skip(nodefaults && s.gpus.isEmpty(), s.gpus.toString()))
        .add("gpu_pct", s -> skip(nodefaults && s.gpuPct == 0, RustFloat.format(s.gpuPct)))
        .add("gpu%", s -> skip(nodefaults && s.gpuPct == 0, RustFloat.format(s.gpuPct)))
        .add("gpumem_pct", s -> skip(nodefaults && s.gpumemPct == 0, RustFloat.format(s.gpumemPct)))
        .add("gpumem%", s -> skip(nodefaults && s.gpumemPct == 0, RustFloat.format(s.gpumemPct)))
        .add("gpumem_gb", s -> skip(nodefaults && RustMath.round(s.gpumemGb) == 0,
            Long.toString(RustMath.toLong(RustMath.round(s.gpumemGb)))))
        .add("gpukib", s -> skip(nodefaults && RustMath.round(s.gpumemGb) == 0,
            Long.toString(RustMath.toLong(RustMath.round(s.gpumemGb * KIB_PER_GB)))))
        .add("gpu_status", s -> skip(nodefaults && !s.gpuFail, s.gpuFail ? "1" : "0"))
        .add("gpufail", s -> skip(nodefaults && !s.gpuFail, s.gpuFail ? "1" : "0"))
        .add("cputime_sec", s -> skip(nodefaults && s.cputimeSec == 0, RustFloat.format(s.cputimeSec)))
        .add("rolledup", s -> skip(nodefaults && s.rolledup == 0, Long.toString(s.rolledup)))
        .add("cpu_util_pct", s -> skip(nodefaults && s.cpuUtilPct == 0, RustFloat.format(s.cpuUtilPct)))
        .add("epoch", s -> skip(nodefaults && s.epoch == 0, Long.toString(s.epoch)))
        .add("ppid", s -> skip(nodefaults && s.ppid == 0, Long.toString(s.ppid)))
        .add("rssanonkib", s -> skip(nodefaults && s.rssAnonKib == 0, Long.toString(s.rssAnonKib)))
        .add("memtotalkib", s -> skip(nodefaults && s.memTotalKib == 0, Long.toString(s.memTotalKib)))
        .alias("all", "version", "localtime", "host", "cores", "user", "pid", "job", "cmd", "cpu_pct", "mem_gb",
            "gpus", "gpu_pct", "gpumem_pct", "gpumem_gb", "gpu_status", "cputime_sec", "rolledup", "cpu_util_pct")
        .alias("roundtrip", "v", "time", "host", "cores", "user", "job", "pid", "cmd", "cpu%", "cpukib", "gpus",
            "gpu%", "gpumem%", "gpukib", "gpufail", "cputime_sec", "rolledup");
  }

  private static String skip(boolean isDefault, String value) {
    return isDefault ? Fields.SKIP : value;
  }
}
