package sonar.exfiltrate.send;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with jitter: the n-th wait in a row is drawn from [d/2, d] where d is
 * {@code first * 2^(n-1)}, at most {@code cap}. Half of it is random so that the nodes a server outage
 * stopped at once do not come back at once; half is fixed so that no retry follows at once. Immutable.
 */
public record Backoff(Duration first, Duration cap) {

  /**
   * One second: a restarting server or a full queue (our server then answers 503 with Retry-After: 1)
   * clears in about that. Sixteen: by then the server is down, and the spool keeps the data for the next
   * run, minutes away, rather than the node waiting longer.
   */
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(16));

  public Backoff {
    if (first.isNegative() || first.isZero()) {
      throw new IllegalArgumentException("first must be positive, not " + first);
    }
    if (cap.compareTo(first) < 0) {
      throw new IllegalArgumentException("cap must be at least first (" + first + "), not " + cap);
    }
  }

  /** The wait after the given number of failures in a row (1 or more). */
  public Duration delay(int failures, RandomGenerator random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be 1 or more, not " + failures);
    }
    long ceiling = first.toNanos();
    for (int i = 1; i < failures && ceiling < cap.toNanos(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, cap.toNanos());
    long half = ceiling / 2;
    return Duration.ofNanos(ceiling - half + (half == 0 ? 0 : random.nextLong(half + 1)));
  }
}
