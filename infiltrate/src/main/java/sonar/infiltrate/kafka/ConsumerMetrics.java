package sonar.infiltrate.kafka;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;

/**
 * The consumer's part of {@code /metrics}: partitions read and held, lag per topic, whether Kafka
 * answers, the last commit, and records stored and quarantined. Thread-safe.
 */
final class ConsumerMetrics {

  private final Counter records;
  private final Counter commitFailures;

  ConsumerMetrics(PrometheusRegistry registry, Supplier<ConsumerStatus> status) {
    records = Counter.builder().name("infiltrate_kafka_records")
        .help("Kafka records consumed and stored, by outcome: stored as data, or quarantined")
        .labelNames("outcome").register(registry);
    commitFailures = Counter.builder().name("infiltrate_kafka_commit_failures")
        .help("Offset commits to Kafka that failed (the store's own record of the offsets still holds)")
        .register(registry);
    GaugeWithCallback.builder().name("infiltrate_kafka_partitions").help("Kafka partitions assigned to this consumer")
        .callback(callback -> callback.call(status.get().partitions().size())).register(registry);
    GaugeWithCallback.builder().name("infiltrate_kafka_paused_partitions")
        .help("Kafka partitions held because the store could not take their records; retried every second")
        .callback(callback -> callback.call(status.get().paused())).register(registry);
    GaugeWithCallback.builder().name("infiltrate_kafka_lag_records")
        .help("Records in Kafka not yet stored, by topic, as of the last fetch").labelNames("topic")
        .callback(callback -> status.get().lagByTopic().forEach((topic, lag) -> callback.call(lag, topic)))
        .register(registry);
    GaugeWithCallback.builder().name("infiltrate_kafka_connected").help("1 while Kafka answers the consumer, else 0")
        .callback(callback -> callback.call(status.get().problem() == null ? 1 : 0)).register(registry);
    GaugeWithCallback.builder().name("infiltrate_kafka_last_commit_timestamp_seconds")
        .help("When offsets were last committed to Kafka, in seconds since the epoch (0: not yet)")
        .callback(callback -> {
          ConsumerStatus now = status.get();
          callback.call(now.lastCommit() == null ? 0 : now.lastCommit().toEpochMilli() / 1000.0);
        }).register(registry);
  }

  void stored(long count) {
    records.labelValues("stored").inc(count);
  }

  void quarantined(long count) {
    records.labelValues("quarantined").inc(count);
  }

  void commitFailed() {
    commitFailures.inc();
  }
}
