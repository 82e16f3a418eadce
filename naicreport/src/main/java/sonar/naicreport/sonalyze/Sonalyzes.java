package sonar.naicreport.sonalyze;

import java.nio.file.Path;
import java.util.Map;

/**
 * Chooses how a verb runs sonalyze: the program given with {@code -sonalyze}, started for each command,
 * or else the sonalyze built in, called in this JVM. Immutable.
 *
 * @param builtIn the sonalyze of this project, or null where it is not available
 */
public record Sonalyzes(Path workingDirectory, Map<String, String> environment, SonalyzeRunner builtIn) {

  public Sonalyzes {
    environment = Map.copyOf(environment);
  }

  /**
   * @param program {@code -sonalyze} as given, empty when absent
   * @throws IllegalArgumentException when it is absent and there is no built-in sonalyze
   */
  public SonalyzeRunner choose(String program) {
    if (!program.isEmpty()) {
      return new ExternalSonalyze(workingDirectory.resolve(program).normalize(), workingDirectory, environment);
    }
    if (builtIn == null) {
      throw new IllegalArgumentException("-sonalyze requires a value");
    }
    return builtIn;
  }
}
