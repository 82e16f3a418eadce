package sonar.infiltrate.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.dashboard.DashboardService;
import sonar.infiltrate.http.HttpServer;
import sonar.infiltrate.http.HttpSettings;
import sonar.infiltrate.ingest.Intake;
import sonar.infiltrate.log.RefusalLog;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.metrics.Monitoring;
import sonar.infiltrate.metrics.StatusPage;
import sonar.infiltrate.reload.Reloader;
import sonar.infiltrate.store.Store;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.tls.ServerTls;

/** A data logger running in the test's JVM on free ports, storing under a given directory. */
public final class RunningServer implements AutoCloseable {

  public static final HttpSettings HTTP =
      HttpSettings.builder().httpPort(0).build();

  public final Path data;
  public final Metrics metrics = new Metrics(Clock.systemUTC(), "test");
  public final Store store;
  public final HttpServer server;
  public final LogLines log = new LogLines();

  public RunningServer(Path data) throws IOException {
    this(data, HTTP, StoreSettings.DEFAULTS);
  }

  public RunningServer(Path data, HttpSettings http, StoreSettings storeSettings) throws IOException {
    this(data, http, storeSettings, Access.everyone(), null, null);
  }

  /** @param tls and reloader may be null */
  public RunningServer(Path data, HttpSettings http, StoreSettings storeSettings, Access access,
      ServerTls tls, Reloader reloader) throws IOException {
    this(data, http, storeSettings, access, tls, reloader, null);
  }

  /** @param tls, reloader and dashboard may be null */
  public RunningServer(Path data, HttpSettings http, StoreSettings storeSettings, Access access,
      ServerTls tls, Reloader reloader, DashboardService dashboard) throws IOException {
    this.data = data;
    this.store = Store.open(data, storeSettings, log.log(), metrics);
    RefusalLog refusals = new RefusalLog(log.log(), Clock.systemUTC());
    StatusPage status = new StatusPage("test", "a test server", Clock.systemUTC(), metrics, store::problem,
        log.log()::recentProblems, refusals::recent, null);
    this.server = new HttpServer(http, access, tls, reloader, Intake.storing(store),
        new Monitoring(metrics, status, refusals), log.log(), dashboard);
    server.start();
  }

  public int port() {
    return server.port();
  }

  public RawHttp connect() throws IOException {
    return new RawHttp(port());
  }

  /** Stops the server and store, then fails if Netty saw a buffer leak. */
  @Override
  public void close() {
    server.close(Duration.ofSeconds(5));
    store.close();
    LeakWatch.assertNoLeaks();
  }
}
