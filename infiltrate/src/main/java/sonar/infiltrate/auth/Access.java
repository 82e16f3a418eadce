package sonar.infiltrate.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Who may send data: with an auth file, clients with valid Basic credentials, unless their address is
 * throttled for failed logins; without one, everyone. With {@code matchUserAndCluster}, a user may only
 * send data for the cluster of the same name. Thread-safe.
 */
public final class Access {

  /** The verdict on a request's credentials. */
  public sealed interface Decision permits Allowed, Refused, Throttled {}

  /** @param user the authenticated user, empty when there is no auth file */
  public record Allowed(String user) implements Decision {}

  public record Refused() implements Decision {}

  /** @param reason why, for the client: too many failed logins from its address, or for its user */
  public record Throttled(Duration retryAfter, String reason) implements Decision {}

  private final AuthFile authFile;
  private final LoginThrottle throttle;
  private final boolean matchUserAndCluster;

  /** @param authFile null: everyone may send */
  public Access(AuthFile authFile, LoginThrottle throttle, boolean matchUserAndCluster) {
    if (matchUserAndCluster && authFile == null) {
      throw new IllegalArgumentException("matching user and cluster needs an auth file");
    }
    this.authFile = authFile;
    this.throttle = throttle;
    this.matchUserAndCluster = matchUserAndCluster;
  }

  public static Access everyone() {
    return new Access(null, null, false);
  }

  public Decision decide(String authorization, InetAddress client) {
    if (authFile == null) {
      return new Allowed("");
    }
    String claimed = Credentials.claimedUser(authorization);
    LoginThrottle.Block block = throttle.blocked(client, claimed);
    if (block != null) {
      return new Throttled(block.left(), block.reason());
    }
    Optional<String> user = authFile.credentials().authenticate(authorization);
    if (user.isEmpty()) {
      throttle.failed(client, claimed);
      return new Refused();
    }
    throttle.succeeded(client, user.get());
    return new Allowed(user.get());
  }

  /** The cluster a user's records must name, or null when any cluster will do. */
  public String requiredCluster(String user) {
    return matchUserAndCluster ? user : null;
  }

  /** Logs the failed logins since the last call, if any. */
  public void report() {
    if (throttle != null) {
      throttle.report();
    }
  }
}
