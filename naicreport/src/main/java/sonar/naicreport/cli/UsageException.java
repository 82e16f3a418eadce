package sonar.naicreport.cli;

/**
 * The command line could not be parsed, or asked for help: Go's {@code flag} package then prints the
 * problem (if any) and the usage, and exits 2 (0 for help).
 */
public final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String usage;

  /** @param problem what is wrong, or null when help was asked for */
  UsageException(String problem, String usage) {
    super(problem, null, false, false);
    this.usage = usage;
  }

  public boolean isHelp() {
    return getMessage() == null;
  }

  /** What goes to stderr: the problem on a line of its own, then the usage. */
  public String text() {
    return isHelp() ? usage : getMessage() + "\n" + usage;
  }

  public int exitStatus() {
    return isHelp() ? 0 : 2;
  }
}
