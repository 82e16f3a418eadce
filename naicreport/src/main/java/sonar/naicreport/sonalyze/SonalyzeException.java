package sonar.naicreport.sonalyze;

import java.util.List;

/** A sonalyze command failed, or printed on stderr; the message says which command and what it said. */
public final class SonalyzeException extends Exception {

  private static final long serialVersionUID = 1L;

  public SonalyzeException(String message) {
    super(message);
  }

  public SonalyzeException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The message for a command that ended with a status, or wrote on stderr, or both: {@code sonalyze load
   * failed (exit status 1): ERROR: ...}.
   */
  static SonalyzeException failed(String program, List<String> arguments, int status, String stderr) {
    String verb = arguments.isEmpty() ? "" : " " + arguments.get(0);
    String said = stderr.strip();
    String what = status != 0 ? " failed (exit status " + status + ")" : " wrote on stderr";
    return new SonalyzeException(program + verb + what + (said.isEmpty() ? "" : ": " + said));
  }
}
