package sonar.exfiltrate;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import sonar.exfiltrate.cli.Config;
import sonar.exfiltrate.cli.Flags;
import sonar.exfiltrate.send.Backoff;
import sonar.exfiltrate.send.BasicAuth;
import sonar.exfiltrate.send.Delivery;
import sonar.exfiltrate.send.Sender;
import sonar.exfiltrate.send.TrustedCertificates;
import sonar.exfiltrate.spool.Spool;

/**
 * Runs the sender once, as cron does on every node after sonar: reads the flags and the files they name
 * (a problem there exits 2), builds the spool and the sender, and hands them to a {@link Run}. Exit
 * status 0 when everything was delivered or is safely spooled, 1 when data was refused, set aside or
 * lost, or cannot reach the server as configured.
 */
public final class Main {

  /**
   * Set by the launcher when it spooled stdin itself and waited the random time before starting the JVM
   * (so that the JVM's memory is not held through the wait): the path of the spooled input.
   */
  static final String SPOOLED_INPUT = "EXFILTRATE_SPOOLED_INPUT";

  private Main() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int status;
    try {
      status = run(args, System.in, out, err, Node.system());
    } catch (RuntimeException | Error e) {
      // A bug, or the JVM out of something: one line for cron's mail rather than a stack trace.
      err.println(Report.PREFIX + "failed: " + e + "; what was spooled stays for the next run");
      status = 1;
    }
    System.exit(status);
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Node node) {
    Flags flags = new Flags(Flags.defaultSpoolDir(node.user(), node.environment(), node.home()));
    String spooledByLauncher = node.environment().get(SPOOLED_INPUT);
    if (spooledByLauncher != null && spooledByLauncher.isEmpty()) {
      spooledByLauncher = null;
    }
    Config config;
    Sender sender = null;
    try {
      Optional<Config> parsed = flags.parse(args);
      if (parsed.isEmpty()) {
        out.print(flags.usage());
        out.flush();
        return 0;
      }
      config = parsed.get();
    } catch (IllegalArgumentException e) {
      err.print(Report.PREFIX + e.getMessage() + "\n" + flags.usage());
      return usageError(spooledByLauncher);
    }
    try {
      BasicAuth auth = config.authFile() == null ? null : BasicAuth.load(config.authFile());
      SSLSocketFactory sockets = config.caCert() == null ? null : TrustedCertificates.load(config.caCert());
      sender = config.dryRun() ? null : new Sender(config.target(), auth, sockets);
    } catch (IllegalArgumentException e) {
      err.println(Report.PREFIX + e.getMessage());
      return usageError(spooledByLauncher);
    }
    Report report = new Report(err, config.verbose());
    Spool spool = new Spool(config.spoolDir(), node.clock(), node.pid());
    Path spooled = null;
    if (spooledByLauncher != null && !config.dryRun()) {
      try {
        spooled = Path.of(spooledByLauncher);
        spool.adopt(spooled);
      } catch (IOException e) {
        report.problem(e.getMessage());
        return report.exitStatus();
      }
    }
    Delivery delivery = sender == null ? null
        : new Delivery(sender, Backoff.DEFAULT, node.clock(), node.sleeper(), node.random());
    try {
      return new Run(config, spool, delivery, report, node).run(in, spooled, out);
    } finally {
      if (sender != null) {
        sender.close();
      }
    }
  }

  /**
   * A usage error exits 2 with nothing spooled: sonar's output that the launcher spooled for this run is
   * removed, as the run would never send it.
   */
  private static int usageError(String spooledByLauncher) {
    if (spooledByLauncher != null && spooledByLauncher.endsWith(".input")) {
      try {
        Files.deleteIfExists(Path.of(spooledByLauncher));
      } catch (IOException e) {
        // Then a later run with valid flags sends it.
      }
    }
    return 2;
  }
}
