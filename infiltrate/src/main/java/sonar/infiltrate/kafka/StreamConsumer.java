package sonar.infiltrate.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import sonar.infiltrate.ingest.Ingested;
import sonar.infiltrate.log.Log;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.Store;

/**
 * Reads every topic of sonar's ({@code [<prefix>.]<cluster>.<type>}, new clusters' too) as a member of a
 * consumer group, and stores each record as the HTTP path stores the same body.
 *
 * <p>Contract. The records of a partition that one poll returns go to the store as one batch, all or
 * nothing, marked with the partition's next offset ({@link Batch#withStreamOffset}); that mark is in the
 * same journal record as the data. An offset is committed to Kafka only after the store has answered
 * that the records before it are stored, that is, forced to disk through the journal. A crash between
 * the force and the commit stores nothing twice: on assignment the consumer starts each partition at
 * the later of its committed offset and the store's mark. A record that does not decode or validate
 * goes to the {@link Quarantine} in its place, so it never blocks its partition and never vanishes.
 * When the store cannot take a partition's batch, nothing of it is committed: the partition is held
 * (paused), read again from the same offset after a delay, and stored once the store works again. On a
 * rebalance the partitions given up are committed as far as they are stored; partitions lost commit
 * nothing. A record whose idempotency key (a front end's) was stored is stored no more.
 *
 * <p>Threads. One thread of its own owns the Kafka consumer; it waits for the store's answers before it
 * polls again. {@link #status} may be read from any thread.
 */
public final class StreamConsumer implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(250);
  /** A full store queue clears within milliseconds. */
  private static final Duration BUSY_RETRY = Duration.ofMillis(100);
  /** While nothing comes, Kafka is asked this often whether it answers. */
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(30);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
  /** What a stop may spend on the last commit, and on leaving: it must end well inside systemd's 30 s. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The records of one partition from one poll, the cluster of each error report among them, and what
   * became of their batch.
   */
  private record Chunk(TopicPartition partition, long first, long next, int records, int quarantined,
      List<String> errorReportClusters, CompletableFuture<Store.Outcome> outcome) {}

  private final KafkaSettings settings;
  private final Consumer<byte[], byte[]> consumer;
  private final Store store;
  private final Topics topics;
  private final RecordDecoder decoder;
  private final Quarantine quarantine;
  private final Metrics metrics;
  private final ConsumerMetrics consumerMetrics;
  private final Log log;
  private final Clock clock;
  private final Thread thread = new Thread(this::run, "kafka-consumer");
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile ConsumerStatus status;

  // The consumer thread's own.
  /** Per partition assigned, the next offset stored, and the offset last sent in a commit. */
  private final Map<TopicPartition, Long> stored = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  /** Partitions held because the store could not take them, with when to read them again (clock millis). */
  private final Map<TopicPartition, Long> heldUntil = new HashMap<>();
  private String holdReason;
  /** Why the last poll failed (refused credentials, say), and why the last probe did: null when they worked. */
  private String pollProblem;
  private String probeProblem;
  private boolean commitFailing;
  private long lastHeard;
  private Instant lastCommit;
  private long storedRecords;
  private long quarantinedRecords;

  StreamConsumer(KafkaSettings settings, Consumer<byte[], byte[]> consumer, Store store, Metrics metrics, Log log,
      Clock clock) {
    this.settings = settings;
    this.consumer = consumer;
    this.store = store;
    this.topics = new Topics(settings.topicPrefix());
    this.decoder = new RecordDecoder(topics);
    this.quarantine = new Quarantine(clock);
    this.metrics = metrics;
    this.log = log;
    this.clock = clock;
    this.status = ConsumerStatus.starting(settings, topics);
    this.consumerMetrics = new ConsumerMetrics(metrics.registry(), this::status);
    this.lastHeard = clock.millis() - PROBE_INTERVAL.toMillis(); // asked at once
  }

  /**
   * Starts consuming into the store.
   *
   * @param dataPath the store's, which names this member of the group
   * @throws IOException with one line saying what is wrong with the settings (a file, the brokers' names)
   */
  public static StreamConsumer start(KafkaSettings settings, Path dataPath, Store store, Metrics metrics, Log log,
      Clock clock) throws IOException {
    KafkaConsumer<byte[], byte[]> consumer;
    try {
      consumer = new KafkaConsumer<>(KafkaClients.consumer(settings, dataPath));
    } catch (KafkaException e) {
      throw new IOException("cannot start the Kafka consumer: " + KafkaClients.innermost(e).getMessage(), e);
    }
    StreamConsumer started = new StreamConsumer(settings, consumer, store, metrics, log, clock);
    started.thread.start();
    return started;
  }

  /** As of the consumer's last turn. */
  ConsumerStatus status() {
    return status;
  }

  /** The consumer's section of the status page. */
  public String render() {
    return status.render(clock.instant());
  }

  private void run() {
    try {
      consumer.subscribe(topics.pattern(), new Rebalance());
      while (stop.getCount() > 0) {
        turn();
      }
    } catch (WakeupException e) {
      // close() wakes the consumer to stop it.
    } catch (RuntimeException | Error e) {
      log.error("kafka: the consumer stopped on an unexpected error; nothing is read from Kafka until a restart", e);
      status = new ConsumerStatus(settings.brokers(), settings.group(), status.topics(),
          "the consumer stopped on an unexpected error (" + e + "); restart the server", List.of(), lastCommit,
          storedRecords, quarantinedRecords);
    } finally {
      finish();
    }
  }

  /** One poll: store what came, hold or resume partitions, commit what is stored, say how it goes. */
  private void turn() {
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = consumer.poll(POLL);
      problems(null, probeProblem);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) { // refused credentials or access, a record Kafka cannot read: said, tried again
      problems(KafkaClients.innermost(e).getMessage(), probeProblem);
      pause(settings.retryDelay());
      return;
    }
    if (!records.isEmpty()) {
      heard();
      store(records);
    }
    resumeDue();
    commit();
    probeIfDue();
    publishStatus();
  }

  /** Hands each partition's records to the store as one batch, waits for the answers, and acts on them. */
  private void store(ConsumerRecords<byte[], byte[]> records) {
    List<Chunk> chunks = new ArrayList<>();
    for (TopicPartition partition : records.partitions()) {
      chunks.add(submit(partition, records.records(partition)));
    }
    for (Chunk chunk : chunks) {
      Store.Outcome outcome = await(chunk.outcome());
      if (outcome.stored()) {
        stored.put(chunk.partition(), chunk.next());
        storedRecords += chunk.records() - chunk.quarantined();
        quarantinedRecords += chunk.quarantined();
        consumerMetrics.stored(chunk.records() - chunk.quarantined());
        consumerMetrics.quarantined(chunk.quarantined());
        chunk.errorReportClusters().forEach(metrics::errorReport);
      } else {
        hold(chunk, outcome.problem());
      }
    }
    if (heldUntil.isEmpty() && holdReason != null) {
      log.info("kafka: the store takes data again; reading every partition");
      holdReason = null;
    }
  }

  private Chunk submit(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
    List<Batch> parts = new ArrayList<>(records.size());
    List<String> errorReportClusters = new ArrayList<>();
    int quarantined = 0;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        Ingested ingested = decoder.decode(record);
        parts.add(ingested.batch());
        if (ingested.clusterWithErrors() != null) {
          errorReportClusters.add(ingested.clusterWithErrors());
        }
      } catch (RecordDecoder.BadRecord e) {
        parts.add(quarantine.batch(record, e.getMessage()));
        quarantined++;
      } catch (RuntimeException e) { // a bug: the record is kept aside all the same, and the log has the trace
        log.error("kafka: decoding " + partition + " at offset " + record.offset() + " failed unexpectedly", e);
        parts.add(quarantine.batch(record, "internal error: " + e));
        quarantined++;
      }
    }
    long next = records.get(records.size() - 1).offset() + 1;
    Batch batch = Batch.concat(parts).withStreamOffset(partition.topic(), partition.partition(), next);
    CompletableFuture<Store.Outcome> outcome = new CompletableFuture<>();
    Store.Admission admission = store.submit(batch, outcome::complete);
    if (admission != Store.Admission.ACCEPTED) {
      outcome.complete(new Store.Outcome(false, admission == Store.Admission.BUSY ? null : "the store is closing"));
    }
    return new Chunk(partition, records.get(0).offset(), next, records.size(), quarantined, errorReportClusters,
        outcome);
  }

  /** The store answers every batch it accepts, and is closed only after this consumer. */
  private static Store.Outcome await(CompletableFuture<Store.Outcome> outcome) {
    try {
      return outcome.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a store outcome cannot fail", e);
    }
  }

  /**
   * Reads the partition again from the chunk's first offset, after a delay: nothing of it is committed.
   *
   * @param problem null when the store was only busy
   */
  private void hold(Chunk chunk, String problem) {
    consumer.seek(chunk.partition(), chunk.first());
    consumer.pause(List.of(chunk.partition()));
    Duration delay = problem == null ? BUSY_RETRY : settings.retryDelay();
    heldUntil.put(chunk.partition(), clock.millis() + delay.toMillis());
    if (problem != null && holdReason == null) {
      holdReason = problem;
      log.warning("kafka: holding partitions until the store takes data again (" + problem + "); trying every "
          + settings.retryDelay().toSeconds() + " s, committing nothing of them meanwhile");
    }
  }

  private void resumeDue() {
    if (heldUntil.isEmpty()) {
      return;
    }
    long now = clock.millis();
    List<TopicPartition> due = heldUntil.entrySet().stream().filter(entry -> entry.getValue() <= now)
        .map(Map.Entry::getKey).toList();
    due.forEach(heldUntil::remove);
    consumer.resume(due);
  }

  /** Commits, without waiting, every partition stored further than last committed. */
  private void commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = uncommitted(stored.keySet());
    if (offsets.isEmpty()) {
      return;
    }
    offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    consumer.commitAsync(offsets, (done, failure) -> {
      if (failure == null) {
        committedAt();
      } else {
        offsets.keySet().forEach(committed::remove); // tried again on the next turn
        commitFailed(failure);
      }
    });
  }

  private Map<TopicPartition, OffsetAndMetadata> uncommitted(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      Long next = stored.get(partition);
      if (next != null && !next.equals(committed.get(partition))) {
        offsets.put(partition, new OffsetAndMetadata(next));
      }
    }
    return offsets;
  }

  /** Commits the partitions' stored offsets and waits: before they are given up, and at the end. */
  private void commitNow(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = uncommitted(partitions);
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets, CLOSE_TIMEOUT);
      offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
      committedAt();
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      commitFailed(e);
    }
  }

  private void committedAt() {
    lastCommit = clock.instant();
    if (commitFailing) {
      log.info("kafka: committing offsets works again");
      commitFailing = false;
    }
  }

  private void commitFailed(Exception failure) {
    consumerMetrics.commitFailed();
    if (!commitFailing) {
      commitFailing = true;
      log.warning("kafka: committing offsets failed (" + KafkaClients.innermost(failure).getMessage()
          + "); retrying. What is "
          + "stored is marked in the store as well, so this consumer reads nothing twice");
    }
  }

  /**
   * Asks Kafka whether it answers, when nothing has come from it for a while (and at the start): an
   * empty poll shows nothing, as the consumer keeps its partitions while it cannot reach the brokers.
   */
  private void probeIfDue() {
    if (clock.millis() - lastHeard < PROBE_INTERVAL.toMillis()) {
      return;
    }
    try {
      consumer.listTopics(PROBE_TIMEOUT);
      heard();
    } catch (WakeupException e) {
      throw e;
    } catch (TimeoutException e) {
      failing("no answer from the brokers at " + settings.brokers() + " within " + PROBE_TIMEOUT.toSeconds() + " s");
    } catch (KafkaException e) {
      failing(KafkaClients.innermost(e).getMessage());
    }
  }

  /** Kafka answered. */
  private void heard() {
    lastHeard = clock.millis();
    problems(pollProblem, null);
  }

  /** Kafka did not answer, or refused: asked again in an interval. */
  private void failing(String problem) {
    lastHeard = clock.millis();
    problems(pollProblem, problem);
  }

  /** Logs when what fails changes: once when it starts, once when it ends. */
  private void problems(String poll, String probe) {
    String before = kafkaProblem();
    pollProblem = poll;
    probeProblem = probe;
    String now = kafkaProblem();
    if (now != null && !now.equals(before)) {
      log.warning("kafka: " + now + "; trying again");
    } else if (now == null && before != null) {
      log.info("kafka: the brokers answer again");
    }
  }

  /** Null while Kafka answers. */
  private String kafkaProblem() {
    return pollProblem != null ? pollProblem : probeProblem;
  }

  private void publishStatus() {
    List<ConsumerStatus.Partition> partitions = new ArrayList<>();
    for (TopicPartition partition : consumer.assignment()) {
      OptionalLong lag = consumer.currentLag(partition);
      partitions.add(new ConsumerStatus.Partition(partition.topic(), partition.partition(), lag.orElse(-1),
          heldUntil.containsKey(partition)));
    }
    partitions.sort(Comparator.comparing(ConsumerStatus.Partition::topic)
        .thenComparing(ConsumerStatus.Partition::partition));
    status = new ConsumerStatus(settings.brokers(), settings.group(), status.topics(), kafkaProblem(),
        List.copyOf(partitions), lastCommit, storedRecords, quarantinedRecords);
  }

  /** Sleeps, unless stopped meanwhile. */
  private void pause(Duration delay) {
    try {
      stop.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
  }

  /** Commits what is stored and leaves the group. */
  private void finish() {
    try {
      commitNow(stored.keySet());
    } catch (WakeupException e) {
      commitNow(stored.keySet()); // the wake-up meant for a poll came first
    } catch (RuntimeException e) {
      log.warning("kafka: committing at the stop failed: " + e);
    }
    try {
      consumer.close(CLOSE_TIMEOUT);
    } catch (RuntimeException e) {
      log.warning("kafka: closing the consumer: " + e);
    }
  }

  /** Partitions come and go as members of the group do; called inside poll, on the consumer thread. */
  private final class Rebalance implements ConsumerRebalanceListener {

    /** Each starts at the later of its committed offset and what the store marked stored. */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, OffsetAndMetadata> inKafka = consumer.committed(Set.copyOf(partitions));
      for (TopicPartition partition : partitions) {
        OptionalLong marked = store.streamOffset(partition.topic(), partition.partition());
        OffsetAndMetadata commit = inKafka.get(partition);
        if (marked.isPresent() && (commit == null || commit.offset() < marked.getAsLong())) {
          consumer.seek(partition, marked.getAsLong());
        }
        committed.put(partition, commit == null ? null : commit.offset());
      }
      log.info("kafka: reading " + partitions.size() + " more partitions, " + consumer.assignment().size() + " in all");
    }

    /** Given up to another member: committed as far as stored, so that it reads on from there. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      commitNow(partitions);
      forget(partitions);
      log.info("kafka: gave up " + partitions.size() + " partitions to another member of the group");
    }

    /** Taken away without a chance to commit: whatever this member commits now could be wrong. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
      log.warning("kafka: lost " + partitions.size() + " partitions without committing them; the store's marks "
          + "keep them from being stored twice here should they come back");
    }

    private void forget(Collection<TopicPartition> partitions) {
      partitions.forEach(partition -> {
        stored.remove(partition);
        committed.remove(partition);
        heldUntil.remove(partition);
      });
    }
  }

  /** Stops reading, commits what is stored, and leaves the group; call before closing the store. */
  @Override
  public void close() {
    stop.countDown();
    consumer.wakeup();
    try {
      thread.join(CLOSE_TIMEOUT.multipliedBy(3).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
