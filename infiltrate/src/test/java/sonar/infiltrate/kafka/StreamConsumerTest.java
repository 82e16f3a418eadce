package sonar.infiltrate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.store.Store;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.Eventually;
import sonar.infiltrate.testing.HeldWriter;
import sonar.infiltrate.testing.JsonDocuments;
import sonar.infiltrate.testing.KafkaBroker;
import sonar.infiltrate.testing.LogLines;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;
import sonar.infiltrate.testing.SonarProducer;
import sonar.infiltrate.testing.WithKafka;
import sonar.testkit.Trees;
import sonar.testkit.Vector;

/** sonar's Kafka topics consumed into a real store from a real broker, each test under topics of its own. */
@ExtendWith(WithKafka.class)
class StreamConsumerTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern CLUSTER = Pattern.compile("\"cluster\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern NODE = Pattern.compile("\"node\"\\s*:\\s*\"([^\"]+)\"");

  @TempDir
  Path data;
  private final LogLines logs = new LogLines();
  private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
  private final KafkaBroker kafka;
  private final SonarProducer sonar;
  private final List<AutoCloseable> open = new ArrayList<>();
  private final Metrics metrics = new Metrics(Clock.systemUTC(), "test");
  private Store store;

  StreamConsumerTest(KafkaBroker kafka) {
    this.kafka = kafka;
    this.sonar = new SonarProducer(kafka);
  }

  @BeforeEach
  void openStore() throws IOException {
    store = Store.open(data, StoreSettings.DEFAULTS, logs.log(), metrics);
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    store.close();
    sonar.close();
  }

  @Test
  void storesEverySampleFileOfNewfmtByteIdenticalToTheHttpPath(@TempDir Path viaHttp) throws Exception {
    Map<String, String> types = Map.of("newfmt_samples.json", "sample", "sonar-0.19-sample.json", "sample",
        "sonar-0.19-sysinfo.json", "sysinfo", "newfmt_slurmjobs.json", "job", "newfmt_cluster.json", "cluster");
    List<String[]> sent = new ArrayList<>(); // topic, key, message
    for (Map.Entry<String, String> file : types.entrySet()) {
      for (String message : JsonDocuments.in(Vector.testdata().resolve("newfmt").resolve(file.getKey()))) {
        String cluster = first(CLUSTER, message);
        String node = first(NODE, message);
        sent.add(new String[] {prefix + "." + cluster + "." + file.getValue(), node == null ? cluster : node, message,
            file.getValue()});
      }
    }
    kafka.createTopics(1, sent.stream().map(record -> record[0]).distinct().toArray(String[]::new));
    consume("g");
    for (String[] record : sent) {
      sonar.send(record[0], record[1], record[2]);
    }
    try (RunningServer server = new RunningServer(viaHttp); RawHttp http = server.connect()) {
      for (String[] record : sent) {
        assertThat(http.postJson("/api/v1/insert/" + record[3], record[2]).status()).isEqualTo(200);
      }
    }
    Map<String, String> expected = Trees.asText(Trees.read(viaHttp));
    assertThat(expected).hasSize(8);
    Eventually.await(WAIT, "every record stored", () -> Trees.read(data).size() == expected.size()
        && Trees.asText(Trees.read(data)).equals(expected));
    assertThat(Trees.read(data)).allSatisfy((path, bytes) -> assertThat(bytes).isEqualTo(Trees.read(viaHttp)
        .get(path)));
    assertThat(metrics.clusters()).containsKeys("bling.uio.no", "fox.educloud.no", "xyzzy.no");
  }

  @Test
  void readsTheTopicsOfAClusterThatAppearsWhileItRuns() throws Exception {
    kafka.createTopics(1, prefix + ".first.sample");
    StreamConsumer consumer = consume("g");
    sonar.send(prefix + ".first.sample", "n1", sample("first", "n1", 1));
    awaitContent(samplePath("first", "n1"), sample("first", "n1", 1) + "\n");

    kafka.createTopics(3, prefix + ".later.cluster.example.sample");
    sonar.send(prefix + ".later.cluster.example.sample", "n2", sample("later.cluster.example", "n2", 2));
    awaitContent(samplePath("later.cluster.example", "n2"), sample("later.cluster.example", "n2", 2) + "\n");
    assertThat(consumer.render()).contains("4 partitions");
  }

  @Test
  void quarantinesABadRecordWithWhereItWasAndWhyAndStoresTheNext() throws Exception {
    String topic = prefix + ".c.sample";
    kafka.createTopics(1, topic);
    consume("g");
    sonar.send(topic, "n1", "{\"meta\": not json");
    sonar.send(topic, "n1", sample("other", "n1", 1));
    sonar.send(topic, "n1", sample("c", "n1", 2));
    awaitContent(samplePath("c", "n1"), sample("c", "n1", 2) + "\n");

    List<String> quarantined = quarantined();
    assertThat(quarantined).hasSize(2);
    assertThat(quarantined.get(0)).matches("\\{\"quarantined\":\"[-0-9T:]+Z\",\"topic\":\"" + topic
        + "\",\"partition\":0,\"offset\":0,\"timestamp\":\"[-0-9T:.]+Z\",\"reason\":\"malformed JSON at line 1, column "
            + "10: .*\","
        + "\"key\":\"n1\",\"headers\":\\{},\"value\":\"\\{\\\\\"meta\\\\\": not json\"}");
    assertThat(quarantined.get(1)).contains("\"offset\":1,", "\"reason\":\"cluster \\\"other\\\" is not the topic's: "
        + topic + " carries data of cluster \\\"c\\\" only\"");
    assertThat(new String(metrics.scrape(), StandardCharsets.UTF_8))
        .contains("infiltrate_kafka_records_total{outcome=\"quarantined\"} 2.0",
            "infiltrate_kafka_records_total{outcome=\"stored\"} 1.0");
    Eventually.await(WAIT, "all three committed", () -> committed("g", topic) == 3);
  }

  /** Pins the promise that an offset is committed only once the records before it are forced to disk. */
  @Test
  void commitsAnOffsetOnlyOnceTheStoreHasForcedTheRecordsBeforeIt() throws Exception {
    String topic = prefix + ".c.sample";
    kafka.createTopics(1, topic);
    for (int i = 0; i < 5; i++) {
      sonar.send(topic, "n1", sample("c", "n1", i));
    }
    CountDownLatch release = HeldWriter.hold(store);
    try {
      consume("g");
      Eventually.await(WAIT, "the consumer's batch queued behind the held one", () -> store.queuedBytes() > 0);
      // Anything committed now would claim records the store has not forced: watch for a while.
      long watchUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < watchUntil) {
        assertThat(committed("g", topic)).as("offset committed while its records wait for the journal").isEqualTo(-1);
        Thread.sleep(50);
      }
    } finally {
      release.countDown();
    }
    Eventually.await(WAIT, "the offsets committed once stored", () -> committed("g", topic) == 5);
    awaitContent(samplePath("c", "n1"), samples("c", "n1", 0, 5, 1));
  }

  @Test
  void readsOnFromTheStoresMarkWhereKafkaHasNoCommitOfItsOwn() throws Exception {
    String topic = prefix + ".c.sample";
    kafka.createTopics(2, topic);
    for (int i = 0; i < 10; i++) {
      sonar.send(topic, "n" + i % 3, sample("c", "n" + i % 3, i));
    }
    StreamConsumer first = consume("one");
    Eventually.await(WAIT, "ten stored", () -> storedLines("c") == 10);
    first.close();
    for (int i = 10; i < 14; i++) {
      sonar.send(topic, "n" + i % 3, sample("c", "n" + i % 3, i));
    }
    // As after a crash between the force and the commit: Kafka knows nothing of what was stored.
    consume("two", new Metrics(Clock.systemUTC(), "test"));
    Eventually.await(WAIT, "the group caught up", () -> committed("two", topic) == 14);
    for (int node = 0; node < 3; node++) { // each file exactly: a record stored twice would never match
      awaitContent(samplePath("c", "n" + node), samples("c", "n" + node, node, 14, 3));
    }
    assertThat(storedLines("c")).isEqualTo(14);
  }

  @Test
  void holdsAPartitionWhileItsClusterCannotBeStoredAndStoresItOnceItCan() throws Exception {
    String topic = prefix + ".c.sample";
    kafka.createTopics(1, topic, prefix + ".d.sample");
    Files.writeString(data.resolve("c"), "a file where the cluster's directory goes\n");
    consume("g");
    sonar.send(topic, "n1", sample("c", "n1", 1));
    sonar.send(prefix + ".d.sample", "n1", sample("d", "n1", 1));
    awaitContent(samplePath("d", "n1"), sample("d", "n1", 1) + "\n");
    Eventually.await(WAIT, "the store failing", () -> store.problem() != null);
    assertThat(store.problem()).isEqualTo("cannot store data now for cluster c: c exists and is not a directory");
    Eventually.await(WAIT, "the partition held", () -> logs.lines().stream().anyMatch(line -> line.startsWith(
        "WARNING kafka: holding partitions until the store takes data again (cannot store data now: ")));
    assertThat(committed("g", topic)).isEqualTo(-1);

    Files.delete(data.resolve("c"));
    Eventually.await(WAIT, "stored once the directory can be made", () -> committed("g", topic) == 1);
    awaitContent(samplePath("c", "n1"), sample("c", "n1", 1) + "\n");
    assertThat(logs.lines()).contains("INFO kafka: the store takes data again; reading every partition");
  }

  private StreamConsumer consume(String group) throws IOException {
    return consume(group, metrics);
  }

  /** @param metrics where the consumer's metrics go, one consumer's each */
  private StreamConsumer consume(String group, Metrics metrics) throws IOException {
    KafkaSettings settings = KafkaSettings.builder(kafka.bootstrap()).group(prefix + "-" + group).topicPrefix(prefix)
        .topicRefresh(Duration.ofSeconds(1)).retryDelay(Duration.ofMillis(200)).build();
    StreamConsumer consumer = StreamConsumer.start(settings, data, store, metrics, logs.log(), Clock.systemUTC());
    open.add(consumer);
    return consumer;
  }

  /** The group's committed offset of partition 0 of the topic, -1 for none. */
  private long committed(String group, String topic) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin().listConsumerGroupOffsets(prefix + "-" + group)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      long sum = -1;
      for (Map.Entry<TopicPartition, OffsetAndMetadata> offset : offsets.entrySet()) {
        if (offset.getKey().topic().equals(topic) && offset.getValue() != null) {
          sum = Math.max(sum, 0) + offset.getValue().offset();
        }
      }
      return sum;
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the file holds exactly the content. An offset is committed once its records are in the
   * store's forced journal, and the store writes their file a moment later: a read right after the commit
   * may come first.
   */
  private void awaitContent(String path, String content) throws InterruptedException {
    Eventually.await(WAIT, path + " stored", () -> content.equals(Trees.asText(Trees.read(data)).get(path)));
  }

  private long storedLines(String cluster) {
    return Trees.asText(Trees.read(data)).entrySet().stream().filter(file -> file.getKey().startsWith(cluster + "/"))
        .mapToLong(file -> file.getValue().lines().count()).sum();
  }

  private List<String> quarantined() throws IOException {
    try (var files = Files.walk(data.resolve(Quarantine.DIRECTORY))) {
      List<String> lines = new ArrayList<>();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        lines.addAll(Files.readAllLines(file));
      }
      return lines;
    }
  }

  static String sample(String cluster, String node, int sequence) {
    return "{\"meta\":{\"producer\":\"sonar\",\"version\":\"0.13.0\"},\"data\":{\"type\":\"sample\",\"attributes\":{"
        + "\"time\":\"2025-04-07T13:53:24+02:00\",\"cluster\":\"" + cluster + "\",\"node\":\"" + node + "\","
        + "\"system\":{\"cpus\":[" + sequence + "]}}}}";
  }

  /** The node's samples with sequence numbers from first (on) to end (off) by step, one line each. */
  private static String samples(String cluster, String node, int first, int end, int step) {
    StringBuilder lines = new StringBuilder();
    for (int sequence = first; sequence < end; sequence += step) {
      lines.append(sample(cluster, node, sequence)).append('\n');
    }
    return lines.toString();
  }

  static String samplePath(String cluster, String node) {
    return cluster + "/2025/04/07/0+sample-" + node + ".json";
  }

  private static String first(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group(1) : null;
  }
}
