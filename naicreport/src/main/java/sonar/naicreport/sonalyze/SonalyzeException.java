package sonar.naicreport.sonalyze;

import java.util.List;

/** A sonalyze command failed; the message says which command and what it said. */
public final class SonalyzeException extends Exception {

  private static final long serialVersionUID = 1L;

  public SonalyzeException(String message) {
    super(message);
  }

  public SonalyzeException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The message for a command that ended with a non-zero status: {@code sonalyze load failed (exit status
   * 1): ERROR: ...}, with all it said on stderr.
   */
  static SonalyzeException failed(String program, List<String> arguments, int status, String stderr) {
    String verb = arguments.isEmpty() ? "" : " " + arguments.get(0);
    String said = stderr.strip();
    String failed = program + verb + " failed (exit status " + status + ")";
    return new SonalyzeException(said.isEmpty() ? failed : failed + ": " + said);
  }
}
