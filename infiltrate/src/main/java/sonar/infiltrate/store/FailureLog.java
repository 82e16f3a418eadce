package sonar.infiltrate.store;

import java.nio.file.FileSystemException;
import java.util.LinkedHashSet;
import java.util.Set;
import sonar.infiltrate.log.Log;

/**
 * Logs storage failures once per cause rather than once per request: the first failure of each kind
 * (exception type and reason, whatever file it names) while the store is failing, then one line when it
 * recovers, with the number of failed attempts. Used by the store's writer thread only.
 */
final class FailureLog {

  private static final int MAX_CAUSES = 100;

  private final Log log;
  private final Set<String> causes = new LinkedHashSet<>();
  private long failures;

  FailureLog(Log log) {
    this.log = log;
  }

  void failure(Exception e) {
    failures++;
    String cause = causeOf(e);
    if (causes.size() < MAX_CAUSES && causes.add(cause)) {
      log.warning("storage failing: " + e.getMessage() + " (answering 503 until it recovers)");
    }
  }

  void recovered() {
    if (!causes.isEmpty()) {
      log.info("storage recovered after " + failures + " failed attempts");
      causes.clear();
      failures = 0;
    }
  }

  /** What a client is told: the reason without the server's paths. */
  static String reasonOf(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof FileSystemException fse && fse.getReason() != null) {
        return fse.getReason();
      }
    }
    return e.getMessage();
  }

  private static String causeOf(Exception e) {
    Throwable root = e.getCause() != null ? e.getCause() : e;
    return root.getClass().getName() + ": " + reasonOf(e);
  }
}
