package sonar.sonalyze.run;

/** A run that cannot go on: printed as {@code ERROR: <message>}, exit status 1, as the reference does. */
public final class Failure extends RuntimeException {

  private static final long serialVersionUID = 1;

  public Failure(String message) {
    super(message, null, false, false);
  }
}
