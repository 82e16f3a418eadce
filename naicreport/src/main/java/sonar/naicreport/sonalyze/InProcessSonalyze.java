package sonar.naicreport.sonalyze;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import sonar.sonalyze.Sonalyze;

/**
 * This project's sonalyze, called in this JVM: no process start per command. It gets naicreport's
 * environment and clock, so that both agree on the user, the data path and the time. Thread-safe, as
 * {@link Sonalyze#run} is.
 */
public final class InProcessSonalyze implements SonalyzeRunner {

  private final Map<String, String> environment;
  private final Clock clock;

  public InProcessSonalyze(Map<String, String> environment, Clock clock) {
    this.environment = Map.copyOf(environment);
    this.clock = clock;
  }

  @Override
  public String run(List<String> arguments, PrintStream warnings) throws SonalyzeException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try {
      status = Sonalyze.run(arguments, environment, clock, out, err);
    } catch (RuntimeException e) {
      // A defect of sonalyze is this command's failure, as a crash of the program would be.
      throw new SonalyzeException(
          "sonalyze " + (arguments.isEmpty() ? "" : arguments.get(0) + " ") + "failed: " + e, e);
    }
    String said = err.toString(StandardCharsets.UTF_8);
    if (status != 0) {
      throw SonalyzeException.failed("sonalyze", arguments, status, said);
    }
    Warnings.pass(said, warnings);
    return out.toString(StandardCharsets.UTF_8);
  }
}
