package sonar.infiltrate;

import java.nio.file.Path;
import sonar.infiltrate.dashboard.DashboardSettings;
import sonar.infiltrate.http.HttpSettings;
import sonar.infiltrate.kafka.KafkaSettings;
import sonar.infiltrate.store.StoreSettings;

/**
 * Everything the data logger is told at start, checked by the command line: where data goes, who may
 * send it (no auth file: anyone), TLS files (none: plain HTTP only), and the settings of the store and
 * the HTTP server. Immutable.
 *
 * @param authFile null when anyone may send
 * @param certificateFile null when there is no HTTPS port; then keyFile and clientCaFile are null too
 * @param clientCaFile null when clients need no certificate
 * @param kafka null when the server has nothing to do with Kafka
 * @param dashboard null when the server serves no dashboard
 */
public record Config(Path dataPath, Path authFile, boolean matchUserAndCluster, Path certificateFile,
    Path keyFile, Path clientCaFile, StoreSettings store, HttpSettings http, KafkaSettings kafka,
    DashboardSettings dashboard) {

  public Config {
    require(dataPath != null && store != null && http != null, "the data path, store and http settings are required");
    require((certificateFile == null) == (keyFile == null), "a certificate file and a key file go together");
    require(clientCaFile == null || certificateFile != null, "a client CA needs a server certificate");
    require(!matchUserAndCluster || authFile != null, "matching user and cluster needs an auth file");
    require((http.httpsPort() >= 0) == (certificateFile != null), "an HTTPS port and a certificate go together");
    require(dashboard == null || !dashboard.authFile().equals(authFile),
        "the dashboard's readers need an auth file of their own");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** One line for the log at start. */
  public String describe() {
    return (kafka != null && kafka.publish() ? "a front end storing nothing" : "data path " + dataPath)
        + (certificateFile == null ? "" : ", certificate " + certificateFile + ", key " + keyFile)
        + (clientCaFile == null ? "" : ", client CA " + clientCaFile)
        + ", auth file " + (authFile == null ? "none (anyone may send data)" : authFile)
        + (matchUserAndCluster ? ", users may only send their own cluster" : "")
        + ", body limit " + http.maxBodyBytes() + " bytes (envelopes " + http.maxEnvelopeBytes()
        + "), body memory " + http.bodyMemoryBytes() + " bytes, request timeout " + http.requestTimeout().toSeconds()
        + " s, connection limit " + http.maxConnections() + ", open file limit " + store.maxOpenFiles()
        + ", checkpoint every " + store.checkpointInterval().toSeconds() + " s"
        + (http.verbose() ? ", logging every request" : "")
        + (kafka == null ? "" : ", " + kafka.describe())
        + (dashboard == null ? "" : ", dashboard of " + dashboard.reports() + " for the readers of "
            + dashboard.authFile());
  }
}
