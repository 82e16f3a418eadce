package sonar.sonalyze.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a piece of work per item on a few threads and hands the results to the caller in item order,
 * each as soon as it and all before it are done. At most twice as many items as threads are in hand at
 * once, so that memory holds a few hosts' data, not the whole tree. One per run; closing stops its
 * threads.
 */
public final class Workers implements AutoCloseable {

  private final ExecutorService pool;
  private final int threads;

  public Workers(int threads) {
    this.threads = Math.max(1, threads);
    this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, work -> {
      Thread thread = new Thread(work, "sonalyze-worker");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Applies work to every item, and consumer to every result in item order, on the calling thread. */
  public <T, R> void forEachInOrder(List<T> items, Function<T, R> work, Consumer<R> consumer) {
    if (pool == null) {
      for (T item : items) {
        consumer.accept(work.apply(item));
      }
      return;
    }
    Deque<Future<R>> inHand = new ArrayDeque<>();
    int next = 0;
    try {
      while (next < items.size() || !inHand.isEmpty()) {
        while (next < items.size() && inHand.size() < 2 * threads) {
          T item = items.get(next++);
          inHand.add(pool.submit(() -> work.apply(item)));
        }
        consumer.accept(result(inHand.removeFirst()));
      }
    } finally {
      inHand.forEach(future -> future.cancel(true));
    }
  }

  private static <R> R result(Future<R> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a worker", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
