package sonar.infiltrate;

import java.nio.file.Path;
import sonar.infiltrate.http.HttpServer;
import sonar.infiltrate.store.Store;

/**
 * Everything the data logger is told at start, checked by the command line: where data goes, who may
 * send it (no auth file: anyone), and the settings of the store and the HTTP server. Immutable.
 */
public record Config(Path dataPath, Path authFile, Store.Settings store, HttpServer.Settings http) {

  public Config {
    if (dataPath == null) {
      throw new IllegalArgumentException("dataPath is required");
    }
    if (store == null || http == null) {
      throw new IllegalArgumentException("store and http settings are required");
    }
  }

  /** One line for the log at start. */
  public String describe() {
    return "data path " + dataPath + ", port " + http.port() + ", auth file "
        + (authFile == null ? "none (anyone may send data)" : authFile) + ", body limit " + http.maxBodyBytes()
        + " bytes, request timeout " + http.requestTimeout().toSeconds() + " s, connection limit "
        + http.maxConnections() + ", open file limit " + store.maxOpenFiles() + ", checkpoint every "
        + store.checkpointInterval().toSeconds() + " s" + (http.verbose() ? ", logging every request" : "");
  }
}
