package sonar.exfiltrate.send;

import java.time.Duration;

/**
 * What one attempt to post a batch came to: the server's status and message, or, when no answer came,
 * why not. Immutable.
 *
 * @param status the HTTP status, or 0 when there was no answer
 * @param message the server's text (first line, shortened), or what went wrong without an answer
 * @param retryAfter the server's {@code Retry-After} in seconds, or null
 */
public record Answer(Failure failure, int status, String message, Duration retryAfter) {

  /** Why no answer came; {@link #NONE} when one did. */
  public enum Failure {
    NONE,
    /** Refused, reset, timed out, unknown host: the network or the server is down, or slow. */
    CONNECTION,
    /** The server's certificate does not verify against the trusted ones, or is not for its name. */
    UNTRUSTED,
    /** TLS failed for another reason, such as no protocol or cipher in common, or a plain HTTP server. */
    TLS
  }

  static Answer answered(int status, String message, Duration retryAfter) {
    return new Answer(Failure.NONE, status, message, retryAfter);
  }

  static Answer failed(Failure failure, String message) {
    return new Answer(failure, 0, message, null);
  }

  public boolean isAnswer() {
    return failure == Failure.NONE;
  }

  @Override
  public String toString() {
    return isAnswer() ? status + (message.isEmpty() ? "" : " \"" + message + "\"") : message;
  }
}
