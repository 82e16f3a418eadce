package sonar.sonalyze.cli;

/** A command line that cannot be run: one line naming the flag or value, exit status 2. */
public final class UsageException extends Exception {

  private static final long serialVersionUID = 1;

  public UsageException(String message) {
    super(message, null, false, false);
  }
}
