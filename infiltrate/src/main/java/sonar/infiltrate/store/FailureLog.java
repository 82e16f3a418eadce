package sonar.infiltrate.store;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
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

  /**
   * What a client is told: the system's words for the innermost failure ("No space left on device",
   * "Read-only file system", "Permission denied"), or the store's own words where the system gives only
   * a path; never the server's absolute paths.
   */
  static String reasonOf(Exception e) {
    Throwable root = innermost(e);
    if (!(root instanceof FileSystemException fse)) {
      return root.getMessage();
    }
    if (fse.getReason() != null) {
      return fse.getReason();
    }
    if (root instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (root instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    return root == e ? root.getClass().getSimpleName() : e.getMessage();
  }

  /** The innermost exception's type and reason: the same for a full disk whichever file hit it. */
  private static String causeOf(Exception e) {
    return innermost(e).getClass().getName() + ": " + reasonOf(e);
  }

  private static Throwable innermost(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }
}
