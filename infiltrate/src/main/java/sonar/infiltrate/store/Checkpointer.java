package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import sonar.files.Durable;
import sonar.infiltrate.log.Log;

/**
 * Retires journal segments on its own thread, so that forcing thousands of data files never stalls the
 * writer: for each retired segment, in order, it forces every file the segment wrote to and every
 * directory that gained entries, appends the segment's marks to their ledgers' files (forced), then
 * deletes the segment. Until then the segment stays and a restart replays it. A failure is logged and
 * retried; a segment is never deleted before its files are forced and its marks kept. Thread-safe.
 */
final class Checkpointer implements AutoCloseable {

  /** What the thread is given: tasks, and markers. */
  private interface Work {}

  /** A retired segment and what must be on disk before it may go: files, directories, marks. */
  record Task(Path segment, Set<Path> files, Set<Path> directories, List<Mark.Group> marks) implements Work {}

  /** Reached once every task before it is done. */
  private record Barrier(CountDownLatch reached) implements Work {}

  private static final Work STOP = new Work() {};

  private final BlockingQueue<Work> tasks = new LinkedBlockingQueue<>();
  private final Duration retryDelay;
  private final Ledgers ledgers;
  private final Clock clock;
  private final Log log;
  private final Thread thread;
  private volatile boolean failing;

  Checkpointer(Duration retryDelay, Ledgers ledgers, Clock clock, Log log) {
    this.retryDelay = retryDelay;
    this.ledgers = ledgers;
    this.clock = clock;
    this.log = log;
    this.thread = new Thread(this::run, "store-checkpoint");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void submit(Task task) {
    tasks.add(task);
  }

  /** Returns once every task submitted so far is done: for tests. */
  void awaitRetired() throws InterruptedException {
    Barrier barrier = new Barrier(new CountDownLatch(1));
    tasks.add(barrier);
    if (!barrier.reached().await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the checkpoint thread did not retire its segments within 30 s");
    }
  }

  private void run() {
    try {
      for (Work work = tasks.take(); work != STOP; work = tasks.take()) {
        if (work instanceof Barrier barrier) {
          barrier.reached().countDown();
          continue;
        }
        Task task = (Task) work;
        while (!retire(task)) {
          if (tasks.contains(STOP)) {
            return; // shutting down: the segment stays and is replayed at the next start
          }
          TimeUnit.MILLISECONDS.sleep(retryDelay.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("checkpoint thread stopped; journal segments will be replayed at the next start", e);
    }
  }

  /** Forces what the segment wrote, then deletes it; returns false after logging a failure. */
  boolean retire(Task task) {
    try {
      for (Path file : task.files()) {
        try {
          Durable.forceFile(file);
        } catch (NoSuchFileException e) {
          // Moved or removed by someone else since: there is nothing left here to force.
        }
      }
      for (Path directory : task.directories()) {
        Durable.forceDirectory(directory);
      }
      ledgers.persist(task.marks(), clock.millis());
      Files.deleteIfExists(task.segment());
      if (failing) {
        log.info("checkpoint recovered: " + task.segment().getFileName() + " retired");
        failing = false;
      }
      return true;
    } catch (IOException e) {
      if (!failing) {
        log.warning("checkpoint failed, will retry: " + e);
        failing = true;
      }
      return false;
    }
  }

  /** Retires the segments already submitted (one attempt each once stopping), then stops the thread. */
  @Override
  public void close() {
    tasks.add(STOP);
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
