package sonar.infiltrate.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import sonar.infiltrate.log.Log;

/**
 * Slows down guessing: an address with too many failed logins within a window is refused (429) without
 * its credentials being looked at, for a while. Failures are logged in aggregate by {@link #report},
 * never one line per attempt. The limits are generous, as a whole cluster may sit behind one address.
 * Thread-safe.
 */
public final class LoginThrottle {

  /** Failed logins from one address within the window that earn a block. */
  static final int FAILURES_ALLOWED = 20;
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final Duration BLOCK = Duration.ofMinutes(1);
  /** Addresses remembered at most; past this, the ones not blocked are forgotten. */
  private static final int MAX_ADDRESSES = 10_000;

  private record Failures(Instant windowStart, int count, Instant blockedUntil) {}

  private final Clock clock;
  private final Log log;
  private final Map<InetAddress, Failures> addresses = new ConcurrentHashMap<>();
  private final AtomicLong failedSinceReport = new AtomicLong();
  private final AtomicLong refusedSinceReport = new AtomicLong();
  private final Map<InetAddress, Boolean> blockedSinceReport = new ConcurrentHashMap<>();

  public LoginThrottle(Clock clock, Log log) {
    this.clock = clock;
    this.log = log;
  }

  /** How long the address is still blocked; zero when it may try. */
  public Duration blocked(InetAddress address) {
    Failures failures = addresses.get(address);
    if (failures == null || failures.blockedUntil() == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), failures.blockedUntil());
    if (left.isNegative() || left.isZero()) {
      addresses.remove(address, failures);
      return Duration.ZERO;
    }
    refusedSinceReport.incrementAndGet();
    return left;
  }

  public void failed(InetAddress address) {
    failedSinceReport.incrementAndGet();
    if (addresses.size() >= MAX_ADDRESSES) {
      addresses.values().removeIf(failures -> failures.blockedUntil() == null);
    }
    Instant now = clock.instant();
    addresses.compute(address, (any, failures) -> {
      if (failures == null || Duration.between(failures.windowStart(), now).compareTo(WINDOW) > 0) {
        failures = new Failures(now, 0, null);
      }
      int count = failures.count() + 1;
      if (count > FAILURES_ALLOWED) {
        blockedSinceReport.put(address, true);
        return new Failures(failures.windowStart(), count, now.plus(BLOCK));
      }
      return new Failures(failures.windowStart(), count, null);
    });
  }

  public void succeeded(InetAddress address) {
    addresses.computeIfPresent(address, (any, failures) -> failures.blockedUntil() == null ? null : failures);
  }

  /** Logs one line about the failed logins since the last report, if there were any. */
  public void report() {
    long failed = failedSinceReport.getAndSet(0);
    long refused = refusedSinceReport.getAndSet(0);
    if (failed == 0 && refused == 0) {
      return;
    }
    String blocked = String.join(", ",
        blockedSinceReport.keySet().stream().map(InetAddress::getHostAddress).sorted().toList());
    blockedSinceReport.clear();
    log.warning("failed logins since the last report: " + failed + "; refused while blocked: " + refused
        + (blocked.isEmpty() ? "" : "; newly blocked for " + BLOCK.toSeconds() + " s: " + blocked));
  }
}
