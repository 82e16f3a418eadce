package sonar.infiltrate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.store.Store;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.Eventually;
import sonar.infiltrate.testing.LogLines;
import sonar.testkit.InfiltrateProcess;

/** What an operator sees when Kafka's files or brokers are wrong: one line at start, or once while running. */
class KafkaStartupTest {

  @TempDir
  Path temp;

  @Test
  void refusesToStartWithoutItsCaFileInOneLine() throws Exception {
    Path missing = temp.resolve("ca.pem");
    try (InfiltrateProcess server = InfiltrateProcess.run("-data-path", temp.toString(), "-port", "0",
        "-kafka-brokers", "127.0.0.1:9092", "-kafka-ca", missing.toString())) {
      assertThat(server.exitValue()).isEqualTo(1);
      assertThat(server.stderr()).containsExactly("infiltrate: -kafka-ca " + missing + ": no such file");
    }
  }

  @Test
  void refusesToStartWithAnEmptyPasswordFileInOneLine() throws Exception {
    Path password = Files.writeString(temp.resolve("password"), "\n");
    try (InfiltrateProcess server = InfiltrateProcess.run("-data-path", temp.toString(), "-port", "0",
        "-kafka-brokers", "127.0.0.1:9092", "-kafka-user", "fox", "-kafka-password-file", password.toString())) {
      assertThat(server.exitValue()).isEqualTo(1);
      assertThat(server.stderr())
          .containsExactly("infiltrate: -kafka-password-file " + password + ": the first line holds no password");
    }
  }

  @Test
  void saysOnceThatTheBrokersDoNotAnswerAndKeepsServing() throws Exception {
    LogLines logs = new LogLines();
    Metrics metrics = new Metrics(Clock.systemUTC(), "test");
    KafkaSettings settings = KafkaSettings.builder("127.0.0.1:1").build(); // nothing listens on port 1
    try (Store store = Store.open(temp, StoreSettings.DEFAULTS, logs.log(), metrics);
        StreamConsumer consumer = StreamConsumer.start(settings, temp, store, metrics, logs.log(), Clock.systemUTC())) {
      Eventually.await(Duration.ofSeconds(60), "the probe failing", () -> consumer.status().problem() != null);
      assertThat(logs.lines()).containsExactly(
          "WARNING kafka: no answer from the brokers at 127.0.0.1:1 within 10 s; trying again");
      assertThat(consumer.render()).startsWith("kafka: consuming topics <cluster>.{sample,sysinfo,job,cluster,request} "
          + "from 127.0.0.1:1 as group jobanalyzer-ingest\n  FAILING: no answer from the brokers at 127.0.0.1:1 "
          + "within 10 s; 0 partitions, last commit none yet; 0 records stored, 0 quarantined since the start\n");
      assertThat(new String(metrics.scrape())).contains("infiltrate_kafka_connected 0.0");
      assertThat(store.problem()).isNull();
    }
  }
}
