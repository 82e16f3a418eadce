package sonar.naicreport.sonalyze;

import java.io.PrintStream;
import java.util.List;

/**
 * Runs one sonalyze command and gives back what it printed. A run that ends with a non-zero status has
 * failed; what a run that succeeded printed on stderr (warnings: bad lines skipped, a host without a
 * size) goes on to naicreport's stderr, which cron mails, and the run's output is used. Implementations:
 * a program started for each command ({@link ExternalSonalyze}, the reference's way, for
 * {@code -sonalyze PATH}) and the sonalyze of this project called in the same JVM.
 */
public interface SonalyzeRunner {

  /**
   * @param arguments the verb and its options, as on sonalyze's command line
   * @param warnings where what a command that succeeded printed on stderr goes, as it printed it
   * @return everything the command printed on stdout, as UTF-8
   * @throws SonalyzeException when the command failed, with what it said
   */
  String run(List<String> arguments, PrintStream warnings) throws SonalyzeException;
}
