package sonar.naicreport.vectors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import sonar.naicreport.Context;
import sonar.naicreport.Naicreport;
import sonar.naicreport.sonalyze.InProcessSonalyze;
import sonar.naicreport.sonalyze.Sonalyzes;
import sonar.testkit.AnalysisCase;

/**
 * Every naicreport case of the analysis vectors matches the reference byte for byte: run in this JVM
 * with this project's sonalyze in the same JVM (the cases' {@code -sonalyze sonalyze} dropped), and the
 * cases that run sonalyze also with {@code -sonalyze} naming a sonalyze program, started per command.
 */
class NaicreportVectorsTest {

  @TempDir
  Path scratch;

  static List<AnalysisCase> cases() {
    return AnalysisCase.of("naicreport");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTheReferenceWithSonalyzeInProcess(AnalysisCase reference) throws Exception {
    NaicreportCase.runAndCheck(reference, (args, workingDirectory) -> run(withoutSonalyzeFlag(args), workingDirectory),
        scratch);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"naic_at_a_glance", "naic_load_hourly"})
  void matchesTheReferenceWithASonalyzeProgram(String name) throws Exception {
    Path program = sonalyzeProgram();
    AnalysisCase reference = AnalysisCase.of("naicreport").stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow();
    NaicreportCase.runAndCheck(reference,
        (args, workingDirectory) -> run(withSonalyzeFlag(args, program.toString()), workingDirectory), scratch);
  }

  private static NaicreportCase.Outcome run(List<String> args, Path workingDirectory) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(AnalysisCase.ENVIRONMENT);
    Clock clock = Clock.system(ZoneId.of(AnalysisCase.ENVIRONMENT.get("TZ")));
    Context context = new Context(workingDirectory, clock,
        new Sonalyzes(workingDirectory, env, new InProcessSonalyze(env, clock)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Naicreport.run(args, context, new PrintStream(out, false, StandardCharsets.UTF_8),
        new PrintStream(err, false, StandardCharsets.UTF_8));
    return new NaicreportCase.Outcome(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** The arguments without the case's {@code -sonalyze sonalyze}: the built-in one runs instead. */
  static List<String> withoutSonalyzeFlag(List<String> args) {
    List<String> kept = new ArrayList<>(args);
    int at = kept.indexOf("-sonalyze");
    if (at >= 0) {
      kept.subList(at, at + 2).clear();
    }
    return kept;
  }

  /** The README's rule: {@code -sonalyze sonalyze} names the sonalyze under test. */
  static List<String> withSonalyzeFlag(List<String> args, String program) {
    List<String> replaced = new ArrayList<>(args);
    replaced.set(replaced.indexOf("-sonalyze") + 1, program);
    return replaced;
  }

  /** This project's sonalyze as a program of its own: a JVM on the test's class path for each command. */
  private Path sonalyzeProgram() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path script = scratch.resolve("sonalyze-program");
    Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
        + System.getProperty("java.class.path") + "' sonar.sonalyze.Main \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
