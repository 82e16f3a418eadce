package sonar.dashboard.reports;

import java.time.Instant;

/**
 * A report as read: its bytes (null when the client's copy, named by its entity tag, is still current),
 * when it was last written, and its entity tag, which changes whenever the file is replaced. Immutable.
 */
public record ReportFile(byte[] bytes, Instant modified, String etag) {

  /** Whether the client's copy is still current and nothing was read. */
  public boolean unchanged() {
    return bytes == null;
  }
}
