package sonar.exfiltrate;

import java.io.PrintStream;

/**
 * What a run tells its operator, on stderr, where cron mails it from: one line per problem, nothing when
 * all went well or the spool absorbed an outage, and more with {@code -v}. Keeps the exit status: 1 once
 * a problem was reported. Not thread-safe.
 */
final class Report {

  static final String PREFIX = "exfiltrate: ";

  private final PrintStream err;
  private final boolean verbose;
  private boolean problems;

  Report(PrintStream err, boolean verbose) {
    this.err = err;
    this.verbose = verbose;
  }

  boolean verbose() {
    return verbose;
  }

  /** Data refused, set aside or lost, or a setup that keeps data from the server: exit status 1. */
  void problem(String line) {
    problems = true;
    err.println(PREFIX + line);
  }

  /** Worth a line but no failure of this run, such as an old spool. */
  void warning(String line) {
    err.println(PREFIX + line);
  }

  /** Only with {@code -v}. */
  void detail(String line) {
    if (verbose) {
      err.println(PREFIX + line);
    }
  }

  /** A line as the reference sender printed it, without our prefix; only with {@code -v}. */
  void referenceDetail(String line) {
    if (verbose) {
      err.println(line);
    }
  }

  /** 0 when everything was delivered or is safely spooled, 1 when a problem was reported. */
  int exitStatus() {
    err.flush();
    return problems ? 1 : 0;
  }
}
