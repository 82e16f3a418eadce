package sonar.infiltrate.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import sonar.dashboard.Answer;
import sonar.dashboard.Dashboard;
import sonar.dashboard.Request;
import sonar.dashboard.reports.Reports;
import sonar.dashboard.site.Site;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.auth.AuthFile;
import sonar.infiltrate.auth.LoginThrottle;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.LogLines;
import sonar.infiltrate.testing.RunningServer;

/**
 * A data logger in this JVM serving the dashboard of a reports directory, as Main wires it: one reader,
 * {@link #READER}, and with senders' credentials one sender, {@link #SENDER}; else anyone may send.
 */
final class ServedDashboard implements AutoCloseable {

  static final String READER = "reader";
  static final String READER_PASSWORD = "s3cret-dashboard";
  static final String SENDER = "ml.example.org";
  static final String SENDER_PASSWORD = "node-password";

  final RunningServer server;
  final DashboardService dashboard;

  private ServedDashboard(RunningServer server, DashboardService dashboard) {
    this.server = server;
    this.dashboard = dashboard;
  }

  /** @param answers the dashboard's answers; null for the real dashboard of the reports */
  static ServedDashboard start(Path work, Path reports, boolean senderCredentials, Function<Request, Answer> answers)
      throws IOException {
    LogLines logs = new LogLines();
    LoginThrottle throttle = new LoginThrottle(Clock.systemUTC(), logs.log());
    AuthFile readers = new AuthFile(Files.writeString(work.resolve("readers.txt"), READER + ":" + READER_PASSWORD
        + "\n"),
        logs.log());
    AuthFile senders = senderCredentials
        ? new AuthFile(Files.writeString(work.resolve("senders.txt"), SENDER + ":" + SENDER_PASSWORD + "\n"),
        logs.log())
        : null;
    Function<Request, Answer> made = answers != null
        ? answers
        : new Dashboard(new Site(), new Reports(reports), Clock.systemUTC())::answer;
    DashboardService dashboard = new DashboardService(made, new Access(readers, throttle, false), readers, senders);
    Access access = senders == null ? Access.everyone() : new Access(senders, throttle, false);
    Path data = Files.createDirectories(work.resolve("data"));
    RunningServer server = new RunningServer(data, RunningServer.HTTP, StoreSettings.DEFAULTS, access, null, null,
        dashboard);
    return new ServedDashboard(server, dashboard);
  }

  String base() {
    return "http://127.0.0.1:" + server.port() + "/dashboard/";
  }

  @Override
  public void close() {
    server.close();
    dashboard.close();
  }
}
