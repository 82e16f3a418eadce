package sonar.infiltrate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sonar.infiltrate.dashboard.DashboardSettings;
import sonar.infiltrate.http.HttpSettings;
import sonar.infiltrate.kafka.KafkaSettings;
import sonar.infiltrate.store.StoreSettings;

/**
 * The command line, in the reference's Go style ({@code -data-path ~/sonar/data}; two dashes work too,
 * and {@code -flag=value}). Turns arguments into a {@link Config}, or says what is wrong: usage errors
 * exit 2 with the usage, as Go's flag package does.
 */
@Command(name = "infiltrate", sortOptions = false, usageHelpAutoWidth = true,
    description = "Receives Sonar samples over HTTP from the nodes of all clusters and stores them under "
        + "<data-path>/<cluster>/<yyyy>/<mm>/<dd>/<host>.csv.")
public final class Options {

  /** What parsing came to: a configuration to run with, or an exit status (help printed, or an error). */
  public record Parsed(Config config, int exitStatus) {}

  @Option(names = {"-data-path", "--data-path", "-data-dir", "--data-dir"}, paramLabel = "DIR",
      description = "Where data is stored (default: ~/sonar/data, created if missing).")
  private Path dataPath;

  @Option(names = {"-port", "--port"}, paramLabel = "PORT", defaultValue = "8086",
      description = "TCP port: plain HTTP, or HTTPS when a certificate is given without -https-port "
          + "(default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = {"-https-port", "--https-port"}, paramLabel = "PORT",
      description = "A second port for HTTPS, beside plain HTTP on -port.")
  private Integer httpsPort;

  @Option(names = {"-server-cert", "--server-cert"}, paramLabel = "FILE",
      description = "PEM certificate chain for HTTPS, server certificate first.")
  private Path serverCert;

  @Option(names = {"-server-key", "--server-key"}, paramLabel = "FILE",
      description = "PEM private key for HTTPS: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted.")
  private Path serverKey;

  @Option(names = {"-client-ca", "--client-ca"}, paramLabel = "FILE",
      description = "PEM CA certificates; HTTPS clients must then present a certificate signed by one.")
  private Path clientCa;

  @Option(names = {"-auth-file", "--auth-file"}, paramLabel = "FILE",
      description = "Allowed credentials: user/password or user:password, one per line; re-read when it "
          + "changes. Without it anyone may send data.")
  private Path authFile;

  @Option(names = {"-match-user-and-cluster", "--match-user-and-cluster"},
      description = "A user may only send data for the cluster of the same name.")
  private boolean matchUserAndCluster;

  @Option(names = {"-max-body-bytes", "--max-body-bytes"}, paramLabel = "BYTES", defaultValue = "1048576",
      description = "Largest request body, after decompression (default: ${DEFAULT-VALUE}).")
  private int maxBodyBytes;

  @Option(names = {"-max-envelope-bytes", "--max-envelope-bytes"}, paramLabel = "BYTES", defaultValue = "33554432",
      description = "Largest body of the envelope endpoints (/api/v1/insert/...), which carry whole Slurm job "
          + "lists (default: ${DEFAULT-VALUE}).")
  private int maxEnvelopeBytes;

  @Option(names = {"-body-memory-bytes", "--body-memory-bytes"}, paramLabel = "BYTES",
      description = "Heap the bodies of requests in flight may take together, each byte (decompressed) counted "
          + "four times for its decoding and storing, an envelope's once and once more as sent; a request that "
          + "would go past it is answered 503 (try again later), though one alone may always go on to its "
          + "endpoint's limit (default: a third of the heap).")
  private Long bodyMemoryBytes;

  @Option(names = {"-request-timeout", "--request-timeout"}, paramLabel = "SECONDS", defaultValue = "30",
      description = "Time a connection has to send a whole request, from when it connects or gets its "
          + "previous answer; idle connections are closed after it (default: ${DEFAULT-VALUE}).")
  private int requestTimeoutSeconds;

  @Option(names = {"-max-connections", "--max-connections"}, paramLabel = "N",
      description = "Connections open at once; more are closed at once (default: 4096, or a quarter of "
          + "the file descriptor limit if less).")
  private Integer maxConnections;

  @Option(names = {"-max-open-files", "--max-open-files"}, paramLabel = "N",
      description = "Data files kept open; keep it above the number of nodes sending (default: 8192, or "
          + "half the file descriptor limit if less).")
  private Integer maxOpenFiles;

  @Option(names = {"-checkpoint-interval", "--checkpoint-interval"}, paramLabel = "SECONDS", defaultValue = "30",
      description = "How often data files are forced to disk and the journal trimmed (default: ${DEFAULT-VALUE}).")
  private int checkpointSeconds;

  // Kafka, in one block: consuming sonar's topics beside HTTP, or publishing to them as a front end.
  @Option(names = {"-kafka-brokers", "--kafka-brokers"}, paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers to bootstrap from: consume every topic [<prefix>.]<cluster>.<type> of sonar "
          + "(new clusters' too) and store it as HTTP would, beside HTTP.")
  private String kafkaBrokers;

  @Option(names = {"-kafka-group", "--kafka-group"}, paramLabel = "NAME",
      description = "Kafka consumer group; its members share the partitions (default: "
          + KafkaSettings.DEFAULT_GROUP + ", sonalyze's).")
  private String kafkaGroup;

  @Option(names = {"-kafka-topic-prefix", "--kafka-topic-prefix"}, paramLabel = "PREFIX",
      description = "Topics are <prefix>.<cluster>.<type>, as sonar's topic-prefix makes them.")
  private String kafkaTopicPrefix;

  @Option(names = {"-kafka-ca", "--kafka-ca"}, paramLabel = "FILE",
      description = "PEM certificates of the CA that signed the brokers': connect with TLS.")
  private Path kafkaCa;

  @Option(names = {"-kafka-user", "--kafka-user"}, paramLabel = "NAME", description = "SASL PLAIN user.")
  private String kafkaUser;

  @Option(names = {"-kafka-password-file", "--kafka-password-file"}, paramLabel = "FILE",
      description = "SASL PLAIN password, on the file's first line.")
  private Path kafkaPasswordFile;

  @Option(names = {"-kafka-publish", "--kafka-publish"},
      description = "Be a front end: answer each request once Kafka has it, and store nothing here; servers "
          + "consuming the topics store the data.")
  private boolean kafkaPublish;

  // The dashboard's flags, together.
  @Option(names = {"-dashboard-reports", "--dashboard-reports"}, paramLabel = "DIR",
      description = "Serve the dashboard at /dashboard/ from the report files in DIR, one subdirectory per "
          + "cluster (reports/ of an installation); needs -dashboard-auth-file.")
  private Path dashboardReports;

  @Option(names = {"-dashboard-auth-file", "--dashboard-auth-file"}, paramLabel = "FILE",
      description = "Who may read the dashboard: user:password lines, as in -auth-file, re-read when it changes. "
          + "Not the senders' file: their credentials cannot read the dashboard, nor these send data.")
  private Path dashboardAuthFile;
  // The dashboard's flags end here.

  @Option(names = {"-v", "--v", "--verbose"}, description = "Log every request.")
  private boolean verbose;

  @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  private Options() {}

  /**
   * @param home the user's home directory, for the default data path
   * @param descriptorLimit how many files the process may open, for the defaults that spend them
   * @param heapBytes the most heap the process may use, for the default that spends it
   */
  public static Parsed parse(String[] args, Path home, long descriptorLimit, long heapBytes, PrintWriter out,
      PrintWriter err) {
    Options options = new Options();
    CommandLine commandLine = new CommandLine(options).setOut(out).setErr(err);
    try {
      commandLine.parseArgs(args);
      if (commandLine.isUsageHelpRequested()) {
        commandLine.usage(out);
        return new Parsed(null, 0);
      }
      return new Parsed(options.toConfig(home, descriptorLimit, heapBytes, commandLine), 0);
    } catch (CommandLine.ParameterException e) {
      err.println("infiltrate: " + e.getMessage());
      commandLine.usage(err);
      return new Parsed(null, CommandLine.ExitCode.USAGE);
    }
  }

  /** Whether the data path is the default one, which may be created; a given one must exist. */
  public static boolean isDefaultDataPath(Config config, Path home) {
    return config.dataPath().equals(defaultDataPath(home));
  }

  private static Path defaultDataPath(Path home) {
    return home.resolve("sonar").resolve("data");
  }

  private Config toConfig(Path home, long descriptorLimit, long heapBytes, CommandLine commandLine) {
    int connections = maxConnections != null ? maxConnections : (int) Math.min(4096, descriptorLimit / 4);
    int openFiles = maxOpenFiles != null ? maxOpenFiles : (int) Math.min(8192, descriptorLimit / 2);
    // A third: the rest holds the body the store is still writing after its answer, one alone past the
    // budget, the idempotency keys and the young generation (see bin/infiltrate).
    long bodyMemory = bodyMemoryBytes != null ? bodyMemoryBytes : heapBytes / 3;
    Check check = (condition, message) -> {
      if (!condition) {
        throw new CommandLine.ParameterException(commandLine, message);
      }
    };
    check.require(port >= 0 && port <= 65535, "-port must be from 0 to 65535, not " + port);
    check.require(httpsPort == null || (httpsPort >= 0 && httpsPort <= 65535),
        "-https-port must be from 0 to 65535, not " + httpsPort);
    check.require((serverCert == null) == (serverKey == null), "-server-cert and -server-key go together");
    check.require(httpsPort == null || serverCert != null, "-https-port needs -server-cert and -server-key");
    check.require(clientCa == null || serverCert != null, "-client-ca needs -server-cert and -server-key");
    check.require(!matchUserAndCluster || authFile != null, "-match-user-and-cluster needs -auth-file");
    check.require(maxBodyBytes > 0, "-max-body-bytes must be positive, not " + maxBodyBytes);
    check.require(maxEnvelopeBytes > 0, "-max-envelope-bytes must be positive, not " + maxEnvelopeBytes);
    check.require(bodyMemory > 0, "-body-memory-bytes must be positive, not " + bodyMemory);
    check.require(requestTimeoutSeconds > 0, "-request-timeout must be positive, not " + requestTimeoutSeconds);
    check.require(connections > 0, "-max-connections must be positive, not " + connections);
    check.require(openFiles > 0, "-max-open-files must be positive, not " + openFiles);
    check.require(checkpointSeconds > 0, "-checkpoint-interval must be positive, not " + checkpointSeconds);
    DashboardSettings dashboard = dashboard(home, check);
    StoreSettings store = StoreSettings.builder().maxOpenFiles(openFiles)
        .checkpointInterval(Duration.ofSeconds(checkpointSeconds)).build();
    // Three ways to run: plain HTTP only; HTTPS only, on -port; or both, HTTPS on -https-port.
    int plain = serverCert == null || httpsPort != null ? port : -1;
    int secure = serverCert == null ? -1 : httpsPort != null ? httpsPort : port;
    HttpSettings http = HttpSettings.builder().httpPort(plain).httpsPort(secure)
        .maxBodyBytes(maxBodyBytes).maxEnvelopeBytes(maxEnvelopeBytes)
        .requestTimeout(Duration.ofSeconds(requestTimeoutSeconds)).maxConnections(connections)
        .bodyMemoryBytes(bodyMemory).verbose(verbose).build();
    return Config.builder(dataPath != null ? expandHome(dataPath, home) : defaultDataPath(home))
        .authFile(expandHome(authFile, home)).matchUserAndCluster(matchUserAndCluster)
        .tls(expandHome(serverCert, home), expandHome(serverKey, home)).clientCaFile(expandHome(clientCa, home))
        .store(store).http(http).kafka(kafka(check, home)).dashboard(dashboard).build();
  }

  /** The dashboard's settings, or null when it is not served. */
  private DashboardSettings dashboard(Path home, Check check) {
    check.require((dashboardReports == null) == (dashboardAuthFile == null),
        "-dashboard-reports and -dashboard-auth-file go together: the dashboard shows user names and commands");
    if (dashboardReports == null) {
      return null;
    }
    Path readers = expandHome(dashboardAuthFile, home);
    check.require(!readers.equals(expandHome(authFile, home)),
        "-dashboard-auth-file must not be the senders' -auth-file: the dashboard's readers need their own");
    return new DashboardSettings(expandHome(dashboardReports, home), readers);
  }

  /** The Kafka flags, checked; null without -kafka-brokers. */
  private KafkaSettings kafka(Check check, Path home) {
    if (kafkaBrokers == null) {
      String[][] dependents = {{"-kafka-group", kafkaGroup}, {"-kafka-topic-prefix", kafkaTopicPrefix},
          {"-kafka-ca", kafkaCa == null ? null : ""}, {"-kafka-user", kafkaUser},
          {"-kafka-password-file", kafkaPasswordFile == null ? null : ""},
          {"-kafka-publish", kafkaPublish ? "" : null}};
      for (String[] flag : dependents) {
        check.require(flag[1] == null, flag[0] + " needs -kafka-brokers");
      }
      return null;
    }
    for (String broker : kafkaBrokers.split(",", -1)) {
      Matcher address = BROKER.matcher(broker.strip());
      check.require(address.matches() && Integer.parseInt(address.group(2)) <= 65535,
          "-kafka-brokers must be HOST:PORT[,HOST:PORT...], not \"" + kafkaBrokers + "\"");
    }
    check.require(kafkaGroup == null || !kafkaGroup.isBlank(), "-kafka-group must not be empty");
    String prefixProblem = kafkaTopicPrefix == null ? null : KafkaSettings.prefixProblem(kafkaTopicPrefix);
    check.require(prefixProblem == null, "-kafka-topic-prefix \"" + kafkaTopicPrefix + "\" " + prefixProblem);
    check.require((kafkaUser == null) == (kafkaPasswordFile == null),
        "-kafka-user and -kafka-password-file go together");
    KafkaSettings.Builder kafka = KafkaSettings.builder(kafkaBrokers.strip()).caFile(expandHome(kafkaCa, home))
        .sasl(kafkaUser, expandHome(kafkaPasswordFile, home)).publish(kafkaPublish)
        .maxRequestBytes((int) Math.min(Integer.MAX_VALUE,
            Math.max(maxBodyBytes, maxEnvelopeBytes) + (long) REQUEST_HEADROOM_BYTES));
    if (kafkaGroup != null) {
      kafka.group(kafkaGroup);
    }
    if (kafkaTopicPrefix != null) {
      kafka.topicPrefix(kafkaTopicPrefix);
    }
    return kafka.build();
  }

  /** Room in a Kafka record beyond the body: key, headers, framing. */
  private static final int REQUEST_HEADROOM_BYTES = 64 << 10;

  /** A broker's address: a host name, an IPv4 address or an IPv6 one in brackets, and a port. */
  private static final Pattern BROKER = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^\\s:\\[\\],]+):(\\d{1,5})");

  private interface Check {
    void require(boolean condition, String message);
  }

  /** {@code -data-path=~/x} reaches us unexpanded, as the shell expands {@code ~} only at a word's start. */
  private static Path expandHome(Path path, Path home) {
    if (path == null || !path.startsWith("~")) {
      return path;
    }
    return home.resolve(path.subpath(0, 1).relativize(path));
  }
}
