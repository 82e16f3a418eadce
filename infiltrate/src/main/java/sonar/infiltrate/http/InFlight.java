package sonar.infiltrate.http;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests in flight on all connections together: how many there are, so that shutdown can wait for
 * their answers, and the heap their bodies take, against a budget. A body reserves heap as it arrives and
 * keeps it until its request is answered, by the reckoning of {@link #heapFor}. A reservation past the
 * budget is refused and its request answered 503, which gives back what it held at once: under a flood of
 * large bodies the others go on, and those that fit get through. A request alone may take more than the
 * budget, up to its endpoint's limit, so that no body within its limit is refused for ever. The heap taken
 * is thus at most the budget, or one body's share when that is more. Thread-safe.
 */
final class InFlight {

  /**
   * Heap a body byte takes, decompressed, while its request is in flight, when the body is decoded whole:
   * the gathered body, its copy for the parser, the stored lines being built, and the batch's bytes, at
   * their worst all at once.
   */
  static final int HEAP_PER_BODY_BYTE = 4;

  /**
   * Heap an envelope's byte takes, decompressed: its stored line alone, as the envelope is read from its
   * body as sent (see {@link #heapFor}).
   */
  static final int HEAP_PER_ENVELOPE_BYTE = 1;

  /**
   * The heap a body takes for so many bytes of it, decompressed and as sent. A body decoded whole: each
   * decompressed byte {@value #HEAP_PER_BODY_BYTE} times. An envelope: kept as sent until its line is
   * made, a piece at a time, into one array of the line's size; so each byte as sent once, and each
   * decompressed byte {@value #HEAP_PER_ENVELOPE_BYTE} time (two in all for an envelope not compressed).
   */
  static long heapFor(boolean envelope, long decompressed, long asSent) {
    return envelope ? asSent + decompressed * HEAP_PER_ENVELOPE_BYTE : decompressed * HEAP_PER_BODY_BYTE;
  }

  private final long budget;
  private final AtomicInteger requests = new AtomicInteger();
  private long sequence;
  private long reserved;
  private final Map<Long, Long> holders = new HashMap<>(); // ticket to heap held

  /** @param budget bytes of heap the bodies of requests in flight may take, all connections together */
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

  /** Requests with data let in and not yet answered (or dropped with their connection while arriving). */
  int requests() {
    return requests.get();
  }

  /** A number for a new request, to hold memory under. */
  synchronized long ticket() {
    return ++sequence;
  }

  /**
   * @return whether that much more heap was reserved for the request with the ticket; when not, all it
   *     held is given back, as it is to be refused
   */
  synchronized boolean reserve(long ticket, long heap) {
    boolean alone = holders.isEmpty() || (holders.size() == 1 && holders.containsKey(ticket));
    if (!alone && reserved + heap > budget) {
      release(ticket); // its request is refused: what it held is free for the others at once
      return false;
    }
    reserved += heap;
    holders.merge(ticket, heap, Long::sum);
    return true;
  }

  /** Gives back all a request held. */
  synchronized void release(long ticket) {
    Long held = holders.remove(ticket);
    if (held != null) {
      reserved -= held;
    }
  }

  /** Bytes of heap the bodies in flight take now, by the reckoning above. */
  synchronized long reservedBytes() {
    return reserved;
  }
}
