package sonar.infiltrate;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import sonar.dashboard.Dashboard;
import sonar.dashboard.reports.Reports;
import sonar.dashboard.site.Site;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.auth.AuthFile;
import sonar.infiltrate.auth.LoginThrottle;
import sonar.infiltrate.cli.Config;
import sonar.infiltrate.cli.Options;
import sonar.infiltrate.dashboard.DashboardService;
import sonar.infiltrate.dashboard.DashboardSettings;
import sonar.infiltrate.http.HttpServer;
import sonar.infiltrate.log.Log;
import sonar.infiltrate.log.RefusalLog;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.metrics.Monitoring;
import sonar.infiltrate.metrics.StatusPage;
import sonar.infiltrate.reload.Reloader;
import sonar.infiltrate.tls.ServerTls;

/**
 * Starts the data logger: reads the command line, opens the store (replaying what a crash left in its
 * journal), starts the HTTP server, and on SIGTERM, SIGHUP or SIGINT shuts down in order: stop
 * accepting, answer requests in flight, force and close the files, exit 0. A startup problem is one
 * line on stderr and a non-zero exit.
 */
public final class Main {

  private static final Duration DRAIN_TIME = Duration.ofSeconds(5);
  private static final String VERSION =
      Objects.requireNonNullElse(Main.class.getPackage().getImplementationVersion(), "dev");
  /** Certificates and the auth file are checked for changes this often (and on POST /reload). */
  private static final Duration RELOAD_INTERVAL = Duration.ofSeconds(30);

  private Main() {}

  public static void main(String[] args) {
    // $HOME, as the shell's ~ means it; the JVM's user.home comes from the password file instead.
    Path home = Path.of(System.getenv().getOrDefault("HOME", System.getProperty("user.home")));
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Options.Parsed parsed = Options.parse(args, home, descriptorLimit(), Runtime.getRuntime().maxMemory(), out, err);
    if (parsed.config() == null) {
      System.exit(parsed.exitStatus());
    }
    Config config = parsed.config();
    try {
      run(config, Options.isDefaultDataPath(config, home), Log.to(System.err));
    } catch (IOException | IllegalArgumentException e) {
      err.println("infiltrate: " + e.getMessage());
      System.exit(1);
    }
  }

  /** The dashboard: its pages, the reports it reads (a directory that must exist) and its readers. */
  private static DashboardService dashboard(DashboardSettings settings, AuthFile readers, AuthFile senders,
      LoginThrottle throttle) throws IOException {
    Reports reports;
    try {
      reports = new Reports(settings.reports());
    } catch (IOException e) {
      throw new IOException("-dashboard-reports: " + e.getMessage(), e);
    }
    Dashboard dashboard = new Dashboard(new Site(), reports, Clock.systemUTC());
    return new DashboardService(dashboard::answer, new Access(readers, throttle, false), readers, senders);
  }

  /** The process's limit on open files, or a conservative guess where the platform does not say. */
  private static long descriptorLimit() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount()
        : 4096;
  }

  private static void run(Config config, boolean mayCreateDataPath, Log log) throws IOException {
    AuthFile authFile = config.authFile() == null ? null : new AuthFile(config.authFile(), log);
    LoginThrottle throttle = new LoginThrottle(Clock.systemUTC(), log);
    Access access = authFile == null ? Access.everyone() : new Access(authFile, throttle, config.matchUserAndCluster());
    AuthFile readersFile = config.dashboard() == null ? null : new AuthFile(config.dashboard().authFile(), log);
    DashboardService dashboard = readersFile == null ? null : dashboard(config.dashboard(), readersFile, authFile,
        throttle);
    ServerTls tls = config.certificateFile() == null
        ? null
        : new ServerTls(config.certificateFile(), config.keyFile(), config.clientCaFile(), Clock.systemUTC(), log);
    Reloader reloader = new Reloader(RELOAD_INTERVAL, log);
    if (authFile != null) {
      reloader.watch("auth file", List.of(authFile.file()), authFile::reload);
    }
    if (readersFile != null) {
      reloader.watch("dashboard auth file", List.of(readersFile.file()), readersFile::reload);
    }
    if (tls != null) {
      reloader.watch("TLS certificate", tls.files(), tls::reload);
    }
    boolean storing = config.kafka() == null || !config.kafka().publish();
    if (mayCreateDataPath && storing) {
      Files.createDirectories(config.dataPath());
    }
    Clock clock = Clock.systemUTC();
    Metrics metrics = new Metrics(clock, VERSION);
    Destination destination = Destination.open(config, metrics, log, clock);
    RefusalLog refusals = new RefusalLog(log, clock);
    StatusPage status = new StatusPage(VERSION, config.describe(), clock, metrics, destination.intake()::problem,
        log::recentProblems, refusals::recent, destination.kafkaStatus());
    HttpServer server = new HttpServer(config.http(), access, tls, reloader, destination.intake(),
        new Monitoring(metrics, status, refusals), log, dashboard);
    try {
      server.start();
    } catch (IOException e) {
      destination.close();
      throw e;
    }
    reloader.start();
    // The event loops and the store's writer keep running after main returns; this hook ends them. It is
    // in place before the server says it listens, so that a signal from then on stops it in order.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping: no new connections, finishing requests in flight");
      reloader.close();
      server.close(DRAIN_TIME);
      if (dashboard != null) {
        dashboard.close();
      }
      destination.stop();
      // A signal would otherwise make the exit status 128+signal; a clean stop is a success.
      Runtime.getRuntime().halt(0);
    }, "shutdown"));
    String ports = server.port() < 0 ? "port " + server.httpsPort() + " (HTTPS)"
        : server.httpsPort() < 0 ? "port " + server.port()
        : "port " + server.port() + " and port " + server.httpsPort() + " (HTTPS)";
    log.info("infiltrate listening on " + ports + ": " + config.describe());
    if (authFile == null) {
      log.warning("no auth file given: accepting data from anyone who can reach the server");
    }
  }
}
