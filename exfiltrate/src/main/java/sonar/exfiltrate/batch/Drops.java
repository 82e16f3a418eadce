package sonar.exfiltrate.batch;

/**
 * Told of each record or field of sonar's output that is dropped, in the reference sender's words:
 * {@code Dropping record ...} or {@code Dropping field ...}.
 */
public interface Drops {

  void dropped(String message);
}
