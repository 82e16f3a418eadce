package sonar.infiltrate.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import sonar.infiltrate.log.Log;

/**
 * Slows down guessing, counting failed logins two ways. Per address: one with too many failures within a
 * window is refused (429) without its credentials being looked at, for a while; a success clears only the
 * failures of the user who succeeded, so that one valid login cannot wash away guesses at another user's
 * password. Per user name, from all addresses together, so that guessing spread over many addresses is
 * slowed too: a user with too many is refused from every address except those it logged in from lately,
 * so that the guessing does not lock its own nodes out. Failures are logged in aggregate by
 * {@link #report}, never one line per attempt. The limits are generous, as a whole cluster may sit behind
 * one address. Thread-safe.
 */
public final class LoginThrottle {

  /** Failed logins from one address within the window that earn the address a block. */
  static final int FAILURES_ALLOWED = 20;
  /** Failed logins for one user name, from all addresses, within the window that earn the name a block. */
  static final int USER_FAILURES_ALLOWED = 100;
  static final Duration WINDOW = Duration.ofMinutes(1);
  static final Duration BLOCK = Duration.ofMinutes(1);
  /** How long an address that logged in as a user stays exempt from that user's block. */
  static final Duration KNOWN_FOR = Duration.ofDays(1);
  /** Addresses and user names with failures remembered at most, each. */
  private static final int MAX_ENTRIES = 10_000;
  /** (user, address) pairs that logged in remembered at most: room for the nodes of a large site. */
  private static final int MAX_KNOWN = 100_000;

  /** Why and how long logins are refused. */
  public record Block(Duration left, String reason) {}

  private static final class Failures {
    Instant windowStart;
    final Map<String, Integer> byUser = new HashMap<>(); // for addresses; empty for user names
    int count;
    Instant blockedUntil;

    Failures(Instant windowStart) {
      this.windowStart = windowStart;
    }
  }

  private record Login(String user, InetAddress address) {}

  private final Clock clock;
  private final Log log;
  private final Map<InetAddress, Failures> addresses = new HashMap<>();
  private final Map<String, Failures> users = new HashMap<>();
  private final Map<Login, Instant> known = new HashMap<>();
  private long failedSinceReport;
  private long refusedSinceReport;
  private final TreeSet<String> addressesBlockedSinceReport = new TreeSet<>();
  private final TreeSet<String> usersBlockedSinceReport = new TreeSet<>();

  public LoginThrottle(Clock clock, Log log) {
    this.clock = clock;
    this.log = log;
  }

  /**
   * @param user the user name the credentials claim, or null when they name none
   * @return why logins of this user from this address are refused now, or null when they may try
   */
  public synchronized Block blocked(InetAddress address, String user) {
    Instant now = clock.instant();
    Duration left = left(addresses, address, now);
    if (left != null) {
      refusedSinceReport++;
      return new Block(left, "too many failed logins from this address");
    }
    left = user == null ? null : left(users, user, now);
    if (left != null && !isKnown(user, address, now)) {
      refusedSinceReport++;
      return new Block(left, "too many failed logins for user \"" + user + "\" from addresses it does not use");
    }
    return null;
  }

  /** How long the entry is still blocked, or null; forgets a block that is over. */
  private static <K> Duration left(Map<K, Failures> entries, K key, Instant now) {
    Failures failures = entries.get(key);
    if (failures == null || failures.blockedUntil == null) {
      return null;
    }
    Duration left = Duration.between(now, failures.blockedUntil);
    if (left.isNegative() || left.isZero()) {
      entries.remove(key);
      return null;
    }
    return left;
  }

  /** @param user the user name the credentials claimed, or null */
  public synchronized void failed(InetAddress address, String user) {
    failedSinceReport++;
    Instant now = clock.instant();
    Failures byAddress = count(addresses, address, now);
    byAddress.byUser.merge(user == null ? "" : user, 1, Integer::sum);
    if (byAddress.count > FAILURES_ALLOWED && byAddress.blockedUntil == null) {
      byAddress.blockedUntil = now.plus(BLOCK);
      addressesBlockedSinceReport.add(address.getHostAddress());
    }
    if (user != null) {
      Failures byUser = count(users, user, now);
      if (byUser.count > USER_FAILURES_ALLOWED && byUser.blockedUntil == null) {
        byUser.blockedUntil = now.plus(BLOCK);
        usersBlockedSinceReport.add(user);
      }
    }
  }

  /** Counts one more failure of the key in its window, starting a new window when the last is over. */
  private static <K> Failures count(Map<K, Failures> entries, K key, Instant now) {
    if (entries.size() >= MAX_ENTRIES && !entries.containsKey(key)) {
      entries.values().removeIf(failures -> failures.blockedUntil == null);
    }
    Failures failures = entries.computeIfAbsent(key, any -> new Failures(now));
    if (failures.blockedUntil == null && Duration.between(failures.windowStart, now).compareTo(WINDOW) > 0) {
      failures.windowStart = now;
      failures.count = 0;
      failures.byUser.clear();
    }
    failures.count++;
    return failures;
  }

  /** The user logged in from the address: its failures there are forgiven, and the address is known. */
  public synchronized void succeeded(InetAddress address, String user) {
    Failures failures = addresses.get(address);
    if (failures != null && failures.blockedUntil == null) {
      Integer forgiven = failures.byUser.remove(user);
      if (forgiven != null) {
        failures.count -= forgiven;
      }
      if (failures.count == 0) {
        addresses.remove(address);
      }
    }
    Instant now = clock.instant();
    if (known.size() >= MAX_KNOWN) {
      known.values().removeIf(last -> Duration.between(last, now).compareTo(KNOWN_FOR) > 0);
      if (known.size() >= MAX_KNOWN) {
        known.clear(); // a flood of logins; the nodes become known again at their next
      }
    }
    known.put(new Login(user, address), now);
  }

  private boolean isKnown(String user, InetAddress address, Instant now) {
    Instant last = known.get(new Login(user, address));
    return last != null && Duration.between(last, now).compareTo(KNOWN_FOR) <= 0;
  }

  /** Logs one line about the failed logins since the last report, if there were any. */
  public void report() {
    String line;
    synchronized (this) {
      if (failedSinceReport == 0 && refusedSinceReport == 0) {
        return;
      }
      line = "failed logins since the last report: " + failedSinceReport + "; refused while blocked: "
          + refusedSinceReport
          + (addressesBlockedSinceReport.isEmpty() ? "" : "; newly blocked for " + BLOCK.toSeconds() + " s: "
              + String.join(", ", addressesBlockedSinceReport))
          + (usersBlockedSinceReport.isEmpty() ? "" : "; users newly blocked for " + BLOCK.toSeconds()
              + " s from addresses they do not use: " + String.join(", ", usersBlockedSinceReport));
      failedSinceReport = 0;
      refusedSinceReport = 0;
      addressesBlockedSinceReport.clear();
      usersBlockedSinceReport.clear();
    }
    log.warning(line);
  }
}
