package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import sonar.infiltrate.log.Log;

/**
 * What of the storage fails now, and why. Each failed operation (appending to the journal, opening a data
 * file, writing one) is a target, filed under its cause: the innermost error's type and the system's
 * words, so that a full disk is one cause whichever file hit it. A cause is logged once when its first
 * target fails and once when its last target works again, with the number of failed attempts; success
 * elsewhere ends nothing. While anything fails, {@link #probeIfDue} tries the failed targets again every
 * retry delay, so the store recovers by itself, with or without traffic. {@link #problem} says what
 * fails: everything when the journal does, else which clusters. Used by the writer thread; {@link
 * #problem} by any.
 */
final class StoreHealth {

  /** A failed operation, tried again until it works: the journal, or opening or writing one file. */
  record Target(Kind kind, String path) {
    enum Kind { JOURNAL, OPEN, WRITE }

    static final Target JOURNAL = new Target(Kind.JOURNAL, null);

    static Target open(String path) {
      return new Target(Kind.OPEN, path);
    }

    static Target write(String path) {
      return new Target(Kind.WRITE, path);
    }

    /** The cluster whose data the target holds; null for the journal, which holds everyone's. */
    String cluster() {
      return path == null ? null : path.substring(0, path.indexOf('/'));
    }
  }

  /** Tries a failed target again. */
  interface Prober {
    void retry(Target target) throws IOException;
  }

  /** Causes tracked at once; a failure of yet another cause is answered, but neither logged nor reported. */
  private static final int MAX_CAUSES = 100;
  /**
   * Files that failed to open, remembered per cause to be probed. Past this many the cause is known to
   * last anyway; the others fail again on their next request should they outlast the ones remembered.
   */
  private static final int MAX_OPEN_TARGETS_PER_CAUSE = 64;

  private static final class Cause {
    final String key;
    final String message;
    final String reason;
    long failedAttempts;
    int targets;
    int openTargets;

    Cause(String key, String message, String reason) {
      this.key = key;
      this.message = message;
      this.reason = reason;
    }
  }

  private final Log log;
  private final Store.Observer observer;
  private final long retryNanos;
  private final Map<String, Cause> causes = new HashMap<>();
  private final Map<Target, Cause> failing = new LinkedHashMap<>();
  private long lastProbe;
  private volatile String problem;

  StoreHealth(Log log, Store.Observer observer, Duration retryDelay) {
    this.log = log;
    this.observer = observer;
    this.retryNanos = retryDelay.toNanos();
  }

  /** A storage operation failed: counted, and logged if its cause is new. */
  void failed(Target target, IOException e) {
    observer.failed();
    record(target, e);
  }

  /** An operation worked: if it had failed, its cause may end. Cheap while nothing fails. */
  void succeeded(Target target) {
    if (failing.isEmpty()) {
      return;
    }
    Cause cause = failing.remove(target);
    if (cause != null) {
      release(cause, target);
      describe();
    }
  }

  /** Whether anything fails now. */
  boolean failing() {
    return !failing.isEmpty();
  }

  /**
   * Tries every failed target again, if anything fails and the retry delay has passed since the last
   * probe. A failed retry counts as an attempt of its cause but not as another storage error.
   *
   * @param now the ticker's nanoseconds
   */
  void probeIfDue(long now, Prober prober) {
    if (failing.isEmpty() || now - lastProbe < retryNanos) {
      return;
    }
    lastProbe = now;
    for (Target target : List.copyOf(failing.keySet())) {
      try {
        prober.retry(target);
        succeeded(target);
      } catch (IOException e) {
        record(target, e);
      }
    }
  }

  /** Null while everything works; else what fails: all storage, or the data of which clusters. */
  String problem() {
    return problem;
  }

  private void record(Target target, IOException e) {
    String key = causeOf(e);
    Cause cause = causes.get(key);
    if (cause == null) {
      if (causes.size() >= MAX_CAUSES) {
        return;
      }
      cause = new Cause(key, e.getMessage(), reasonOf(e));
      causes.put(key, cause);
      log.warning("storage failing: " + cause.message + " (answering 503 until it recovers)");
    }
    cause.failedAttempts++;
    Cause previous = failing.get(target);
    if (previous == cause) {
      return;
    }
    if (previous == null && target.kind() == Target.Kind.OPEN && cause.openTargets >= MAX_OPEN_TARGETS_PER_CAUSE) {
      return;
    }
    failing.put(target, cause);
    cause.targets++;
    if (target.kind() == Target.Kind.OPEN) {
      cause.openTargets++;
    }
    if (previous != null) {
      release(previous, target);
    }
    describe();
  }

  private void release(Cause cause, Target target) {
    cause.targets--;
    if (target.kind() == Target.Kind.OPEN) {
      cause.openTargets--;
    }
    if (cause.targets == 0) {
      causes.remove(cause.key);
      log.info("storage recovered after " + cause.failedAttempts + " failed attempts: " + cause.message);
    }
  }

  private void describe() {
    Cause journal = failing.get(Target.JOURNAL);
    if (journal != null) {
      problem = "cannot store data now: " + journal.reason;
      return;
    }
    Map<Cause, Set<String>> clusters = new LinkedHashMap<>();
    failing.forEach((target, cause) -> clusters.computeIfAbsent(cause, any -> new TreeSet<>()).add(target.cluster()));
    List<String> parts = new ArrayList<>();
    clusters.forEach((cause, names) -> parts.add((names.size() == 1 ? "cluster " : "clusters ")
        + String.join(", ", names) + ": " + cause.reason));
    problem = parts.isEmpty() ? null : "cannot store data now for " + String.join("; for ", parts);
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
