package sonar.infiltrate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.testing.Eventually;
import sonar.infiltrate.testing.KafkaBroker;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.SonarProducer;
import sonar.infiltrate.testing.WithKafka;
import sonar.testkit.InfiltrateProcess;

/**
 * kill -9 of a consuming server at random moments while sonar sends, several rounds: every record sent
 * is stored exactly once, whole, when the last server has caught up.
 */
@ExtendWith(WithKafka.class)
class KafkaCrashTest {

  private static final int RECORDS = 8_000;
  private static final int ROUNDS = 4;
  private static final Pattern SEQUENCE = Pattern.compile("\"cpus\":\\[(\\d+)]");
  private static final Pattern STORED = Pattern.compile(
      "infiltrate_kafka_records_total\\{outcome=\"stored\"} ([0-9.E]+)");

  @TempDir
  Path data;
  private final String prefix = "k" + UUID.randomUUID().toString().substring(0, 8);
  private final Random random = new Random();

  @Test
  void everyRecordSentIsStoredExactlyOnceWhateverMomentTheServerIsKilledAt(KafkaBroker kafka) throws Exception {
    kafka.createTopics(3, prefix + ".c1.sample");
    kafka.createTopics(2, prefix + ".c2.sample");
    for (int round = 0; round < ROUNDS; round++) {
      int first = round * RECORDS / ROUNDS;
      Thread sender = new Thread(() -> send(kafka, first, first + RECORDS / ROUNDS), "sonar");
      sender.start();
      try (InfiltrateProcess server = start(kafka)) {
        Eventually.await(Duration.ofSeconds(60), "records stored in round " + round, () -> stored(server) > 0);
        Thread.sleep(random.nextInt(1000)); // a random moment: not a wait for anything
        server.signal("KILL");
        assertThat(server.waitFor(Duration.ofSeconds(10))).isEqualTo(137);
      }
      sender.join(120_000);
      assertThat(sender.isAlive()).isFalse();
    }
    try (InfiltrateProcess last = start(kafka)) {
      Eventually.await(Duration.ofSeconds(120), "every record stored", () -> storedLines() >= RECORDS);
      last.signal("TERM");
      assertThat(last.waitFor(Duration.ofSeconds(20))).isZero();
    }
    Map<Integer, Integer> copies = new HashMap<>();
    storedSequences().forEach(sequence -> copies.merge(sequence, 1, Integer::sum));
    assertThat(copies).hasSize(RECORDS);
    assertThat(copies.entrySet()).filteredOn(entry -> entry.getValue() != 1).as("stored more than once").isEmpty();
  }

  private InfiltrateProcess start(KafkaBroker kafka) throws IOException, InterruptedException {
    return InfiltrateProcess.start("-data-path", data.toString(), "-port", "0", "-checkpoint-interval", "1",
        "-kafka-brokers", kafka.bootstrap(), "-kafka-topic-prefix", prefix, "-kafka-group", prefix);
  }

  /** Sends records as sonar does, a few hundred in flight at a time, and waits for the last acknowledgement. */
  private void send(KafkaBroker kafka, int from, int to) {
    try (SonarProducer sonar = new SonarProducer(kafka)) {
      List<Future<RecordMetadata>> inFlight = new ArrayList<>();
      for (int sequence = from; sequence < to; sequence++) {
        String cluster = sequence % 2 == 0 ? "c1" : "c2";
        String node = "n" + sequence % 7;
        inFlight.add(sonar.sendBytes(prefix + "." + cluster + ".sample", node,
            StreamConsumerTest.sample(cluster, node, sequence).getBytes(StandardCharsets.UTF_8)));
        if (inFlight.size() == 500) {
          for (Future<RecordMetadata> sent : inFlight) {
            sent.get(60, TimeUnit.SECONDS);
          }
          inFlight.clear();
        }
      }
      for (Future<RecordMetadata> sent : inFlight) {
        sent.get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("sending failed", e);
    }
  }

  /** What the server's metrics say it has stored from Kafka; 0 until it answers. */
  private static double stored(InfiltrateProcess server) {
    try (RawHttp http = new RawHttp(server.port())) {
      Matcher matcher = STORED.matcher(http.exchange("GET", "/metrics", null, null).body());
      return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Lines stored so far, counted while the server may be writing one. */
  private long storedLines() {
    try (Stream<Path> files = Files.walk(data)) {
      long lines = 0;
      for (Path file : files.filter(path -> path.toString().endsWith(".json") && Files.isRegularFile(path)).toList()) {
        lines += Files.readString(file, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
      }
      return lines;
    } catch (IOException e) {
      return 0;
    }
  }

  /** The sequence number of every stored record; fails on a line that is not a whole record. */
  private List<Integer> storedSequences() {
    List<Integer> sequences = new ArrayList<>();
    for (String cluster : List.of("c1", "c2")) {
      Path root = data.resolve(cluster);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String content = Files.readString(file, StandardCharsets.UTF_8);
          for (String line : content.split("\n")) {
            Matcher matcher = SEQUENCE.matcher(line);
            if (line.isEmpty()) {
              continue;
            }
            assertThat(matcher.find()).as("a whole record: " + line).isTrue();
            assertThat(line).endsWith("}}}}");
            sequences.add(Integer.parseInt(matcher.group(1)));
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return sequences;
  }
}
