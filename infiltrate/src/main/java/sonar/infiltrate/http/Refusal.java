package sonar.infiltrate.http;

import java.util.Locale;
import java.util.Map;
import sonar.infiltrate.log.Log;

/**
 * A request the server does not take: the class of reason, which fixes the status and the metric label,
 * the one line of text that tells the sender what is wrong, and the header its status calls for. Every
 * refusal is made here, so that each status is chosen in one place. Immutable.
 *
 * @param headers at most one: {@code Allow}, {@code WWW-Authenticate} or {@code Retry-After}
 */
record Refusal(Reason reason, String text, Map<String, String> headers) {

  /** Seconds a client should wait after a storage failure, and after finding the server busy. */
  static final int RETRY_AFTER_FAILURE_SECONDS = 10;
  static final int RETRY_AFTER_BUSY_SECONDS = 1;

  /**
   * Why a request was refused, as few classes as an operator tells apart; each has one status. Storage
   * failures and bugs are logged where they happen, once per cause or with their trace; every other
   * reason goes to the refusal log.
   */
  enum Reason {
    MALFORMED_REQUEST(400),
    INCOMPLETE_BODY(400),
    BAD_ENCODING(400),
    BAD_DATA(400),
    UNAUTHORIZED(401),
    /** Credentials of the other purpose: a sender's on the dashboard, or a dashboard reader's with data. */
    WRONG_CREDENTIALS(403),
    NOT_LOCAL(403),
    CLUSTER_NOT_ALLOWED(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    TIMEOUT(408),
    TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    THROTTLED(429),
    INTERNAL_ERROR(500, /* loggedElsewhere= */ true),
    BUSY(503),
    SHUTTING_DOWN(503),
    STORAGE_FAILING(503, /* loggedElsewhere= */ true);

    private final int status;
    private final boolean loggedElsewhere;

    Reason(int status) {
      this(status, false);
    }

    Reason(int status, boolean loggedElsewhere) {
      this.status = status;
      this.loggedElsewhere = loggedElsewhere;
    }

    boolean loggedElsewhere() {
      return loggedElsewhere;
    }

    int status() {
      return status;
    }

    /** The value of the {@code reason} label of {@code infiltrate_refusals_total}. */
    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  Refusal {
    text = Log.printable(text);
    headers = Map.copyOf(headers);
  }

  private Refusal(Reason reason, String text) {
    this(reason, text, Map.of());
  }

  int status() {
    return reason.status();
  }

  static Refusal malformedRequest(String problem) {
    return new Refusal(Reason.MALFORMED_REQUEST, "malformed HTTP request: " + problem);
  }

  /** The request target's query cannot be read. */
  static Refusal badQuery(String problem) {
    return new Refusal(Reason.MALFORMED_REQUEST, problem);
  }

  /** The body's framing broke before its end: what did arrive is not the body that was sent. */
  static Refusal incompleteBody(String problem) {
    return new Refusal(Reason.INCOMPLETE_BODY, "the body did not arrive whole: " + problem);
  }

  /** The body's content coding is damaged. */
  static Refusal badEncoding(String problem) {
    return new Refusal(Reason.BAD_ENCODING, problem);
  }

  /** The body or a record in it is not what the endpoint takes. */
  static Refusal badData(String problem) {
    return new Refusal(Reason.BAD_DATA, problem);
  }

  /**
   * The realms of the senders' credentials and of the dashboard readers', so that a browser asks for the right ones.
   */
  static final String SENDERS_REALM = "sonar";
  static final String DASHBOARD_REALM = "sonar dashboard";

  static Refusal unauthorized() {
    return unauthorized(SENDERS_REALM);
  }

  static Refusal unauthorized(String realm) {
    return new Refusal(Reason.UNAUTHORIZED, "Unauthorized: valid credentials are needed",
        Map.of("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\""));
  }

  static Refusal wrongCredentials(String problem) {
    return new Refusal(Reason.WRONG_CREDENTIALS, problem);
  }

  static Refusal notLocal(String what) {
    return new Refusal(Reason.NOT_LOCAL, what + " is only taken from the server's own host");
  }

  static Refusal clusterNotAllowed(String problem) {
    return new Refusal(Reason.CLUSTER_NOT_ALLOWED, problem);
  }

  static Refusal notFound(String path) {
    return new Refusal(Reason.NOT_FOUND, "no such endpoint: " + path);
  }

  static Refusal methodNotAllowed(Endpoint endpoint, String method) {
    return new Refusal(Reason.METHOD_NOT_ALLOWED,
        method + " is not allowed on " + endpoint.path() + "; use " + endpoint.allowed(),
        Map.of("Allow", endpoint.allowed()));
  }

  static Refusal timeout(long seconds) {
    return new Refusal(Reason.TIMEOUT, "the request was not complete within " + seconds + " s");
  }

  static Refusal tooLarge(long limit) {
    return new Refusal(Reason.TOO_LARGE, "the body is larger than the limit of " + limit + " bytes");
  }

  static Refusal unsupportedMediaType(String problem) {
    return new Refusal(Reason.UNSUPPORTED_MEDIA_TYPE, problem);
  }

  /** @param reason as in "too many failed logins from this address" */
  static Refusal throttled(String reason, long retryAfterSeconds) {
    return new Refusal(Reason.THROTTLED, reason + "; try again in " + retryAfterSeconds + " s",
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  static Refusal internalError() {
    return new Refusal(Reason.INTERNAL_ERROR, "internal error; the server's log has the details");
  }

  static Refusal busy() {
    return unavailable(Reason.BUSY, "the server is busy; try again shortly", RETRY_AFTER_BUSY_SECONDS);
  }

  static Refusal dashboardBusy() {
    return unavailable(Reason.BUSY, "the dashboard is busy; try again shortly", RETRY_AFTER_BUSY_SECONDS);
  }

  static Refusal shuttingDown() {
    return unavailable(Reason.SHUTTING_DOWN, "the server is shutting down; try again shortly",
        RETRY_AFTER_BUSY_SECONDS);
  }

  static Refusal storageFailing(String problem) {
    return unavailable(Reason.STORAGE_FAILING, problem, RETRY_AFTER_FAILURE_SECONDS);
  }

  private static Refusal unavailable(Reason reason, String text, int retryAfterSeconds) {
    return new Refusal(reason, text, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
  }
}
