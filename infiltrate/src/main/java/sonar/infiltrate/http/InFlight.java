package sonar.infiltrate.http;

import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests in flight on all connections together: how many there are, so that shutdown can wait for
 * their answers, and the memory their bodies hold, against a budget. A body reserves its bytes as they
 * arrive, decompressed, and keeps them until its request is answered. A reservation past the budget is
 * refused (and the request answered 503), except for the oldest request holding memory: it may always
 * take more, up to its endpoint's limit, so that under a flood of large bodies one still gets through
 * instead of each holding a part and none finishing. The memory held is thus at most the budget and one
 * body. Thread-safe.
 */
final class InFlight {

  private final long budget;
  private final AtomicInteger requests = new AtomicInteger();
  private long sequence;
  private long reserved;
  private final TreeSet<Long> holders = new TreeSet<>(); // tickets of the requests holding memory, oldest first

  /** @param budget bytes of request bodies held at once, all connections together */
  InFlight(long budget) {
    if (budget < 1) {
      throw new IllegalArgumentException("the memory budget for request bodies must be positive, not " + budget);
    }
    this.budget = budget;
  }

  void started() {
    requests.incrementAndGet();
  }

  void ended() {
    requests.decrementAndGet();
  }

  /** Requests with data let in and not yet answered (or dropped with their connection). */
  int requests() {
    return requests.get();
  }

  /** A number for a new request, larger than every one before: its age among those holding memory. */
  synchronized long ticket() {
    return ++sequence;
  }

  /** @return whether the bytes were reserved for the request with the ticket */
  synchronized boolean reserve(long ticket, long bytes) {
    boolean oldest = holders.isEmpty() || holders.first() == ticket;
    if (!oldest && reserved + bytes > budget) {
      return false;
    }
    reserved += bytes;
    holders.add(ticket);
    return true;
  }

  /** Gives back all a request held. */
  synchronized void release(long ticket, long bytes) {
    reserved -= bytes;
    holders.remove(ticket);
  }

  /** Bytes of request bodies held now. */
  synchronized long reservedBytes() {
    return reserved;
  }
}
