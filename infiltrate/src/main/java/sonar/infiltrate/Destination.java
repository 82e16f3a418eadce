package sonar.infiltrate;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Supplier;
import sonar.infiltrate.cli.Config;
import sonar.infiltrate.ingest.Intake;
import sonar.infiltrate.kafka.Publisher;
import sonar.infiltrate.kafka.StreamConsumer;
import sonar.infiltrate.log.Log;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.store.Store;

/**
 * Where the data goes, as configured: the store, fed by HTTP and, with Kafka brokers, by a consumer of
 * sonar's topics too; or, on a front end, Kafka alone. Opened at start, closed in order at the stop (the
 * consumer before the store it waits for). Not thread-safe: the main thread opens it, the shutdown hook
 * closes it.
 */
final class Destination {

  private final Store store;
  private final StreamConsumer consumer;
  private final Publisher publisher;
  private final Intake intake;
  private final Log log;

  private Destination(Store store, StreamConsumer consumer, Publisher publisher, Log log) {
    this.store = store;
    this.consumer = consumer;
    this.publisher = publisher;
    this.intake = publisher != null ? publisher : Intake.storing(store);
    this.log = log;
  }

  /** @throws IOException with one line saying what is wrong with the data path or the Kafka settings */
  static Destination open(Config config, Metrics metrics, Log log, Clock clock) throws IOException {
    if (config.kafka() != null && config.kafka().publish()) {
      return new Destination(null, null, Publisher.start(config.kafka(), log, metrics), log);
    }
    Store store = Store.open(config.dataPath(), config.store(), log, metrics);
    try {
      return new Destination(store, config.kafka() == null ? null
          : StreamConsumer.start(config.kafka(), config.dataPath(), store, metrics, log, clock), null, log);
    } catch (IOException e) {
      store.close();
      throw e;
    }
  }

  /** Where the HTTP server hands what it accepts. */
  Intake intake() {
    return intake;
  }

  /** The Kafka section of the status page, or null without Kafka. */
  Supplier<String> kafkaStatus() {
    return consumer != null ? consumer::render : publisher != null ? publisher::render : null;
  }

  /** Stops in order, as after a failed start: quietly. */
  void close() {
    if (publisher != null) {
      publisher.close();
      return;
    }
    if (consumer != null) {
      consumer.close();
    }
    store.close();
  }

  /** Stops in order, and logs whether everything acknowledged is where it belongs. */
  void stop() {
    close();
    if (publisher != null) {
      log.info("stopped; every request answered 200 is in Kafka");
    } else if (store.allWritten()) {
      log.info("stopped; all data stored");
    } else {
      log.warning(
          "stopped; some acknowledged data is only in the journal, and is written to its files at the next start");
    }
  }
}
