package sonar.infiltrate.dashboard;

import java.net.InetAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import sonar.dashboard.Answer;
import sonar.dashboard.Request;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.auth.AuthFile;

/**
 * The dashboard on this server: who may read it, and its answers.
 *
 * <p>Readers are the users of the dashboard's own auth file. Credentials are for one purpose: a sender's
 * (from the senders' auth file) are refused here, and a reader's are refused when they come with data
 * ({@link #isReader}), even where anyone may send, so that neither can stand in for the other by mistake.
 *
 * <p>Answers are made on threads of their own, never on an event loop: a report is read from disk, and a
 * slow disk or a large report must not hold up intake. At most {@link #THREADS} answers are made at once
 * and {@link #WAITING} wait; a request past that is refused as busy, at once. Thread-safe.
 */
public final class DashboardService implements AutoCloseable {

  /** Threads reading reports: two keep a page's parallel requests moving without taking the machine. */
  static final int THREADS = 2;
  /** Requests waiting for a thread; a page asks for at most a handful at once. */
  static final int WAITING = 64;

  /** What the dashboard says of a request's credentials. */
  public sealed interface Admission permits Admitted, Refused, Throttled, Forbidden {}

  public record Admitted(String user) implements Admission {}

  public record Refused() implements Admission {}

  public record Throttled(long retryAfterSeconds) implements Admission {}

  /** @param reason what the client is told */
  public record Forbidden(String reason) implements Admission {}

  private final Function<Request, Answer> dashboard;
  private final Access readers;
  private final AuthFile readersFile;
  private final AuthFile sendersFile;
  private final ThreadPoolExecutor threads;

  /**
   * @param dashboard makes the answers: {@code Dashboard::answer}
   * @param readers decides on the readers' credentials, throttling failed logins
   * @param readersFile the dashboard's auth file, which readers decides on
   * @param sendersFile the senders' auth file; null when anyone may send
   */
  public DashboardService(Function<Request, Answer> dashboard, Access readers, AuthFile readersFile,
      AuthFile sendersFile) {
    this.dashboard = dashboard;
    this.readers = readers;
    this.readersFile = readersFile;
    this.sendersFile = sendersFile;
    AtomicInteger count = new AtomicInteger();
    this.threads = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WAITING),
        work -> {
          Thread thread = new Thread(work, "dashboard-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** Whether these credentials may read the dashboard. */
  public Admission admit(String authorization, InetAddress client) {
    Access.Decision decision = readers.decide(authorization, client);
    if (decision instanceof Access.Throttled throttled) {
      return new Throttled(Math.max(1, throttled.retryAfter().toSeconds()));
    }
    if (!(decision instanceof Access.Allowed allowed)) {
      return new Refused();
    }
    if (sendersFile != null && sendersFile.credentials().authenticate(authorization).isPresent()) {
      return new Forbidden("these are a sender's credentials; the dashboard takes only its own readers' "
          + "(-dashboard-auth-file)");
    }
    return new Admitted(allowed.user());
  }

  /** The dashboard's auth file. */
  public AuthFile readersFile() {
    return readersFile;
  }

  /** Whether these are a dashboard reader's credentials, which may not send data. */
  public boolean isReader(String authorization) {
    return authorization != null && readersFile.credentials().authenticate(authorization).isPresent();
  }

  /**
   * The answer, made on the dashboard's threads; fails with {@link RejectedExecutionException} at once
   * when too many requests wait.
   */
  public CompletableFuture<Answer> answer(Request request) {
    try {
      return CompletableFuture.supplyAsync(() -> dashboard.apply(request), threads);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Stops the threads; answers being made are dropped with their connections. */
  @Override
  public void close() {
    threads.shutdownNow();
  }
}
