package sonar.infiltrate.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.extension.ExtensionContext;
import scala.Option;

/**
 * A real Kafka broker (4.x, KRaft, broker and controller in one) in the test's JVM, on loopback, with its
 * data in a temporary directory; about four seconds to start. Internal topics have one replica, so that
 * one broker can coordinate groups; topics are not created by producers. Shared by every test class of a
 * run through {@link #shared}, and stopped when the run ends.
 */
public final class KafkaBroker implements ExtensionContext.Store.CloseableResource, AutoCloseable {

  private final Path directory;
  private final KafkaRaftServer server;
  private final String bootstrap;
  private final Admin admin;

  private KafkaBroker(Path directory, int controllerPort) throws IOException {
    this.directory = directory;
    Properties properties = new Properties();
    properties.putAll(Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", "1"),
        Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
        Map.entry("listeners", "PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:" + controllerPort),
        Map.entry("controller.listener.names", "CONTROLLER"),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
        Map.entry("log.dirs", directory.resolve("data").toString()),
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "1"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        Map.entry("auto.create.topics.enable", "false")));
    Path file = directory.resolve("server.properties");
    try (var out = Files.newBufferedWriter(file)) {
      properties.store(out, null);
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int formatted = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
        file.toString()},
        new PrintStream(output, true, StandardCharsets.UTF_8));
    if (formatted != 0) {
      throw new IOException("formatting the broker's storage failed: " + output.toString(StandardCharsets.UTF_8));
    }
    server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
    server.startup();
    bootstrap = "127.0.0.1:" + boundPort(server);
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  /** The broker of this test run, started on first use. */
  public static KafkaBroker shared(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KafkaBroker.class, any -> start(), KafkaBroker.class);
  }

  /**
   * The broker's own port is any free one, read back once bound; the controller's must be written in the
   * configuration before anything binds (a KRaft quorum names its voters' ports), so it is one the system
   * just handed out, and tried again with another should someone take it in between.
   */
  private static KafkaBroker start() {
    RuntimeException failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path directory = null;
      try {
        directory = Files.createTempDirectory("kafka-broker");
        return new KafkaBroker(directory, portJustFree());
      } catch (IOException | RuntimeException e) {
        failure = new IllegalStateException("the test broker did not start: " + e, e);
        delete(directory);
      }
    }
    throw failure;
  }

  private static int portJustFree() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The port the broker bound for port 0: KafkaRaftServer keeps its broker to itself, so it is read by reflection. */
  private static int boundPort(KafkaRaftServer server) {
    try {
      Method broker = KafkaRaftServer.class.getDeclaredMethod("broker");
      broker.setAccessible(true);
      BrokerServer brokerServer = ((Option<?>) broker.invoke(server)).map(BrokerServer.class::cast).get();
      return brokerServer.boundPort(ListenerName.normalised("PLAINTEXT"));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this Kafka's KafkaRaftServer has no broker() to ask for its port", e);
    }
  }

  /** {@code host:port} to bootstrap from. */
  public String bootstrap() {
    return bootstrap;
  }

  public Admin admin() {
    return admin;
  }

  /** Creates topics of the given number of partitions, and waits until they exist. */
  public void createTopics(int partitions, String... names) throws ExecutionException, InterruptedException {
    admin.createTopics(Stream.of(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList()).all().get();
  }

  @Override
  public void close() throws IOException {
    admin.close(Duration.ofSeconds(5));
    server.shutdown();
    server.awaitShutdown();
    delete(directory);
  }

  private static void delete(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting the test broker's files", e);
    }
  }

  /** For tests that list topics they need. */
  public List<String> topics() throws ExecutionException, InterruptedException {
    return List.copyOf(admin.listTopics().names().get());
  }
}
