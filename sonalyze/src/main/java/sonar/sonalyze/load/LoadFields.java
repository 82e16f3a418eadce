package sonar.sonalyze.load;

import java.util.List;
import sonar.format.RustFloat;
import sonar.sonalyze.config.NodeConfig;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.output.Fields;
import sonar.sonalyze.output.RustMath;
import sonar.sonalyze.output.Times;

/**
 * The fields {@code load} prints of one host's time slots: absolute figures cut to whole numbers,
 * relative ones rounded and written as floats ({@code NaN} and {@code inf} for a node without cards), as
 * the reference writes them. Stateless.
 */
final class LoadFields {

  /** The reference's default; {@code gpumask} is no field and is ignored. */
  static final String DEFAULTS = "date,time,cpu,mem,gpu,gpumem,gpumask";
  static final List<String> RELATIVE = List.of("rcpu", "rmem", "rgpu", "rgpumem");

  private LoadFields() {}

  /** @param size the host's size; only relative fields read it, and need it */
  static Fields<Sample> fields(NodeConfig size, long now) {
    String nowText = Times.minutes(now);
    return new Fields<Sample>(DEFAULTS)
        .add("datetime", s -> Times.minutes(s.time))
        .add("date", s -> Times.date(s.time))
        .add("time", s -> Times.clock(s.time))
        .add("cpu", s -> Long.toString(RustMath.toLong(s.cpuUtilPct)))
        .add("rcpu", s -> RustFloat.format(RustMath.round(s.cpuUtilPct / size.cpuCores())))
        .add("mem", s -> Long.toString(RustMath.toLong(s.memGb)))
        .add("rmem", s -> RustFloat.format(RustMath.round(s.memGb / size.memGb() * 100.0)))
        .add("gpu", s -> Long.toString(RustMath.toLong(s.gpuPct)))
        .add("rgpu", s -> RustFloat.format(RustMath.round(s.gpuPct / size.gpuCards())))
        .add("gpumem", s -> Long.toString(RustMath.toLong(s.gpumemGb)))
        .add("rgpumem", s -> RustFloat.format(RustMath.round(s.gpumemGb / size.gpumemGb() * 100.0)))
        .add("gpus", s -> s.gpus.toString())
        .add("now", s -> nowText)
        .add("host", s -> s.host);
  }
}
