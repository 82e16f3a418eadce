package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
 * writer: for the segments retired since its last round (rounds start at most once per pace), it forces
 * every file they wrote to and every directory that gained entries, appends their marks to their
 * ledgers' files (forced), then hands the segments to the spares, which keep or delete them, oldest
 * first. Until then the segment stays and a restart replays it. A failure is logged and retried; a
 * segment is never let go before its files are forced and its marks kept. Thread-safe.
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
  private final Duration pace;
  private final Ledgers ledgers;
  private final SpareSegments spares;
  private final Clock clock;
  private final Log log;
  private final Thread thread;
  private volatile boolean failing;
  private long lastRound; // by System.nanoTime: the pace is about this machine's disk, not about the data

  /** @param pace the least time between the starts of two rounds of forcing */
  Checkpointer(Duration retryDelay, Duration pace, Ledgers ledgers, SpareSegments spares, Clock clock, Log log) {
    this.retryDelay = retryDelay;
    this.pace = pace;
    this.lastRound = System.nanoTime() - pace.toNanos();
    this.ledgers = ledgers;
    this.spares = spares;
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
      Work work = tasks.take();
      while (work != STOP) {
        if (work instanceof Barrier barrier) {
          barrier.reached().countDown();
          work = tasks.take();
          continue;
        }
        List<Task> round = new ArrayList<>();
        round.add((Task) work);
        Work after = gather(round);
        while (!retire(round)) {
          if (after == STOP || tasks.contains(STOP)) {
            return; // shutting down: the segments stay and are replayed at the next start
          }
          TimeUnit.MILLISECONDS.sleep(retryDelay.toMillis());
        }
        work = after != null ? after : tasks.take();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("checkpoint thread stopped; journal segments will be replayed at the next start", e);
    }
  }

  /**
   * Adds to the round the segments retired until a round may start again, at most one per {@code
   * pace}: a data file written in several segments is then forced once for all of them, which under a
   * steady flood to thousands of files saves most of the forces. A barrier or the stop ends the wait
   * and is returned, to be taken after the round; else null.
   */
  private Work gather(List<Task> round) throws InterruptedException {
    long start = lastRound + pace.toNanos();
    for (long left = start - System.nanoTime(); ; left = start - System.nanoTime()) {
      Work next = left > 0 ? tasks.poll(left, TimeUnit.NANOSECONDS) : tasks.poll();
      if (!(next instanceof Task task)) {
        lastRound = System.nanoTime();
        return next;
      }
      round.add(task);
    }
  }

  /** Forces what the segments wrote, then deletes them, oldest first; returns false after logging a failure. */
  boolean retire(List<Task> round) {
    Set<Path> forcedFiles = new LinkedHashSet<>();
    Set<Path> forcedDirectories = new LinkedHashSet<>();
    List<Mark.Group> marks = new ArrayList<>();
    for (Task task : round) {
      forcedFiles.addAll(task.files());
      forcedDirectories.addAll(task.directories());
      marks.addAll(task.marks());
    }
    try {
      for (Path file : forcedFiles) {
        try {
          Durable.forceFile(file);
        } catch (NoSuchFileException e) {
          // Moved or removed by someone else since: there is nothing left here to force.
        }
      }
      for (Path directory : forcedDirectories) {
        Durable.forceDirectory(directory);
      }
      ledgers.persist(marks, clock.millis());
      for (Task task : round) {
        spares.give(task.segment());
      }
      if (failing) {
        log.info("checkpoint recovered: " + round.get(round.size() - 1).segment().getFileName() + " retired");
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
