package sonar.naicreport.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import sonar.naicreport.Context;
import sonar.naicreport.Naicreport;
import sonar.naicreport.sonalyze.SonalyzeRunner;
import sonar.naicreport.sonalyze.Sonalyzes;

/** One run of naicreport in this JVM, with what it printed. */
public record Invocation(int status, String out, String err) {

  /**
   * @param sonalyze the built-in sonalyze, or null for none
   */
  public static Invocation run(Path workingDirectory, Clock clock, SonalyzeRunner sonalyze, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Context context = new Context(workingDirectory, clock, new Sonalyzes(workingDirectory, Map.of(), sonalyze));
    int status = Naicreport.run(List.of(args), context, new PrintStream(out, false, StandardCharsets.UTF_8),
        new PrintStream(err, false, StandardCharsets.UTF_8));
    return new Invocation(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
