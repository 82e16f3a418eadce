package sonar.naicreport.vectors;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sonar.naicreport.Context;
import sonar.naicreport.Naicreport;
import sonar.naicreport.sonalyze.Sonalyzes;

/** Every naicreport case of the analysis vectors, run in this JVM, matches the reference byte for byte. */
class NaicreportVectorsTest {

  @TempDir
  Path scratch;

  static List<AnalysisCase> cases() {
    return AnalysisCase.naicreport().stream().filter(c -> !c.command().contains("-sonalyze")).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTheReference(AnalysisCase vector) throws Exception {
    vector.runAndCheck(NaicreportVectorsTest::runInProcess, scratch);
  }

  static AnalysisCase.Outcome runInProcess(List<String> command, Path workingDirectory, Map<String, String> environment) {
    List<String> args = new ArrayList<>(command.subList(1, command.size()));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(environment);
    Clock clock = Clock.system(ZoneId.of(environment.get("TZ")));
    Context context = new Context(workingDirectory, clock, new Sonalyzes(workingDirectory, env, null));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Naicreport.run(args, context, new PrintStream(out, false, StandardCharsets.UTF_8),
        new PrintStream(err, false, StandardCharsets.UTF_8));
    return new AnalysisCase.Outcome(status, out.toByteArray(), err.toByteArray());
  }
}
