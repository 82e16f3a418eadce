package sonar.naicreport.sonalyze;

import java.util.List;

/**
 * Runs one sonalyze command and gives back what it printed. A run that ends with a non-zero status or
 * prints anything on stderr has failed, as the reference treats it. Implementations: a program started
 * for each command ({@link ExternalSonalyze}, the reference's way, for {@code -sonalyze PATH}) and the
 * sonalyze of this project called in the same JVM.
 */
public interface SonalyzeRunner {

  /**
   * @param arguments the verb and its options, as on sonalyze's command line
   * @return everything the command printed on stdout, as UTF-8
   * @throws SonalyzeException when the command failed, with what it said
   */
  String run(List<String> arguments) throws SonalyzeException;
}
