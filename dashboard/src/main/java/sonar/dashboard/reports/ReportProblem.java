package sonar.dashboard.reports;

/**
 * Why a report cannot be served, in words for the page to show, and of which kind, which decides the
 * status code.
 */
public final class ReportProblem extends Exception {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The name asked for cannot be a cluster or report: the client's mistake. */
    BAD_NAME,
    /** No such cluster, or no such report yet. */
    MISSING,
    /** The file is there but cannot be served: unreadable, not JSON, too large. */
    BROKEN
  }

  private final Kind kind;

  ReportProblem(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
