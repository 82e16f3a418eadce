package sonar.exfiltrate.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One run's settings, as the flags give them. Checked when made: a message names the flag and the bad
 * value, and nothing is clamped. Immutable.
 *
 * @param window the random wait before sending is below this; zero sends at once
 * @param target {@code http(s)://host[:port]} without a trailing slash; null for a dry run that prints the
 *     bodies instead of sending them
 * @param authFile null to send without credentials
 * @param caCert PEM certificates to trust for an https target; null for the system's trust store
 * @param maxTime the longest time spent sending after the wait
 * @param spoolMaxBytes past this the oldest spooled batches are dropped
 */
public record Config(Duration window, String cluster, String source, Output output, String target, Path authFile,
    Path caCert, boolean verbose, Path spoolDir, Duration maxTime, long spoolMaxBytes) {

  /** The only input format: what {@code sonar ps --csv} prints. */
  public static final String CSVNAMED = "sonar/csvnamed";

  public Config {
    require(window != null, "-window is required");
    require(!window.isNegative(), "-window must be 0 or more seconds, not " + window.toSeconds());
    require(cluster != null, "-cluster is required");
    require(isName(cluster), "-cluster must be a name without \"/\", white space or control characters, not \""
        + cluster + "\"");
    require(CSVNAMED.equals(source), "-source must be " + CSVNAMED + ", not \"" + source + "\"");
    require(output != null, "-output is required");
    if (target != null) {
      target = checkedTarget(target);
    }
    require(caCert == null || (target != null && target.startsWith("https:")),
        "-ca-cert applies only to an https -target, not to " + (target == null ? "a dry run" : target));
    require(spoolDir != null, "-spool-dir is required");
    require(maxTime != null && maxTime.toSeconds() >= 1, "-max-time must be 1 or more seconds, not "
        + (maxTime == null ? null : maxTime.toSeconds()));
    require(spoolMaxBytes >= 1, "-spool-max-bytes must be 1 or more, not " + spoolMaxBytes);
  }

  /** The effective settings in one line, for {@code -v}. */
  public String describe() {
    return "window " + window.toSeconds() + " s, cluster " + cluster + ", source " + source + ", output "
        + output.flagValue() + (dryRun() ? ", no target (dry run)" : ", target " + target
        + (authFile == null ? ", no auth file" : ", auth file " + authFile)
        + (caCert == null ? "" : ", CA certificates " + caCert) + ", spool " + spoolDir + " (at most "
        + spoolMaxBytes + " bytes), at most " + maxTime.toSeconds() + " s sending");
  }

  /** Whether the bodies are printed rather than sent. */
  public boolean dryRun() {
    return target == null;
  }

  private static boolean isName(String cluster) {
    if (cluster.isEmpty() || cluster.equals(".") || cluster.equals("..")) {
      return false;
    }
    for (int i = 0; i < cluster.length(); i++) {
      char c = cluster.charAt(i);
      if (c == '/' || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        return false;
      }
    }
    return true;
  }

  /** The target without a trailing slash, or an exception that says what is wrong with it. */
  private static String checkedTarget(String target) {
    String problem = "-target must be http://host[:port] or https://host[:port] without a path, not \""
        + target + "\"";
    URI uri;
    try {
      uri = new URI(target);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(problem);
    }
    String path = uri.getRawPath();
    require(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
        && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
        && (uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65535))
        && (path == null || path.isEmpty() || path.equals("/")), problem);
    return target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
