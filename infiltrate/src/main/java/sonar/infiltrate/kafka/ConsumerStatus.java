package sonar.infiltrate.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sonar.infiltrate.metrics.StatusPage;

/**
 * What the consumer is doing, as of its last turn: whether it reaches Kafka, the partitions it reads with
 * their lag, when it last committed, and what it stored and quarantined since the start. Immutable; the
 * consumer publishes a new one each turn for {@code /status} and {@code /metrics}.
 *
 * @param problem null while Kafka answers; else why it does not
 * @param lastCommit null before the first commit
 */
record ConsumerStatus(String brokers, String group, String topics, String problem, List<Partition> partitions,
    Instant lastCommit, long storedRecords, long quarantinedRecords) {

  /** @param lag records behind the end of the partition, or -1 before the first fetch says */
  record Partition(String topic, int partition, long lag, boolean paused) {}

  static ConsumerStatus starting(KafkaSettings settings, Topics topics) {
    return new ConsumerStatus(settings.brokers(), settings.group(), topics.describe(), null, List.of(), null,
        0, 0);
  }

  /** Lag per topic, for the partitions whose lag is known. */
  Map<String, Long> lagByTopic() {
    Map<String, Long> lag = new TreeMap<>();
    partitions.stream().filter(partition -> partition.lag() >= 0)
        .forEach(partition -> lag.merge(partition.topic(), partition.lag(), Long::sum));
    return lag;
  }

  long paused() {
    return partitions.stream().filter(Partition::paused).count();
  }

  /** The Kafka section of the status page. */
  String render(Instant now) {
    StringBuilder page = new StringBuilder(256);
    page.append("kafka: consuming topics ").append(topics).append(" from ").append(brokers).append(" as group ")
        .append(group).append('\n');
    page.append("  ").append(problem == null ? "connected" : "FAILING: " + problem).append("; ")
        .append(partitions.size()).append(partitions.size() == 1 ? " partition" : " partitions");
    long paused = paused();
    if (paused > 0) {
      page.append(" (").append(paused).append(" held until the store takes data again)");
    }
    page.append(", last commit ").append(lastCommit == null ? "none yet"
        : lastCommit + " (" + StatusPage.human(Duration.between(lastCommit, now)) + " ago)");
    page.append("; ").append(storedRecords).append(" records stored, ").append(quarantinedRecords)
        .append(" quarantined since the start\n");
    Map<String, Long> lag = lagByTopic();
    if (!lag.isEmpty()) {
      int width = Math.max(5, lag.keySet().stream().mapToInt(String::length).max().orElse(0));
      page.append(String.format("  %-" + width + "s  %12s%n", "topic", "lag"));
      lag.forEach((topic, records) -> page.append(String.format("  %-" + width + "s  %12d%n", topic, records)));
    }
    return page.toString();
  }
}
