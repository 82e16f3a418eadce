package sonar.infiltrate.cli;

import java.nio.file.Path;
import sonar.infiltrate.dashboard.DashboardSettings;
import sonar.infiltrate.http.HttpSettings;
import sonar.infiltrate.kafka.KafkaSettings;
import sonar.infiltrate.store.StoreSettings;

/**
 * Everything the data logger is told at start, checked by the command line: where data goes, who may
 * send it (no auth file: anyone), TLS files (none: plain HTTP only), and the settings of the store and
 * the HTTP server. Immutable; {@link #builder} starts from the defaults of the store and the HTTP server.
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

  /** A configuration storing into {@code dataPath}, with the other settings at their defaults. */
  public static Builder builder(Path dataPath) {
    return new Builder(dataPath);
  }

  /** Collects settings; {@link #build} checks them together. Not thread-safe. */
  public static final class Builder {
    private final Path dataPath;
    private Path authFile;
    private boolean matchUserAndCluster;
    private Path certificateFile;
    private Path keyFile;
    private Path clientCaFile;
    private StoreSettings store = StoreSettings.DEFAULTS;
    private HttpSettings http = HttpSettings.builder().build();
    private KafkaSettings kafka;
    private DashboardSettings dashboard;

    private Builder(Path dataPath) {
      this.dataPath = dataPath;
    }

    /** Null when anyone may send. */
    public Builder authFile(Path file) {
      this.authFile = file;
      return this;
    }

    public Builder matchUserAndCluster(boolean match) {
      this.matchUserAndCluster = match;
      return this;
    }

    /** The server's certificate and key, both null for no HTTPS. */
    public Builder tls(Path certificate, Path key) {
      this.certificateFile = certificate;
      this.keyFile = key;
      return this;
    }

    /** Null when clients need no certificate. */
    public Builder clientCaFile(Path file) {
      this.clientCaFile = file;
      return this;
    }

    public Builder store(StoreSettings settings) {
      this.store = settings;
      return this;
    }

    public Builder http(HttpSettings settings) {
      this.http = settings;
      return this;
    }

    /** Null when the server has nothing to do with Kafka. */
    public Builder kafka(KafkaSettings settings) {
      this.kafka = settings;
      return this;
    }

    /** Null when the server serves no dashboard. */
    public Builder dashboard(DashboardSettings settings) {
      this.dashboard = settings;
      return this;
    }

    /** @throws IllegalArgumentException saying which settings do not go together */
    public Config build() {
      return new Config(dataPath, authFile, matchUserAndCluster, certificateFile, keyFile, clientCaFile, store, http,
          kafka, dashboard);
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
