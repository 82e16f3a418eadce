package sonar.infiltrate.kafka;

import io.prometheus.metrics.core.metrics.Counter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import sonar.infiltrate.ingest.Accepted;
import sonar.infiltrate.ingest.Intake;
import sonar.infiltrate.log.Log;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.store.Store;

/**
 * A front end's intake: every request it accepts goes to Kafka as one record (see {@link RecordFormat}),
 * and is answered 200 only once every in-sync replica has it; a server consuming the topics stores it.
 * The producer is idempotent, so its own retries write a record once; a request's {@code
 * Idempotency-Key} travels with it, so that a sender's resend through another front end is stored once
 * too. A cluster's topics are made when its first request comes. While Kafka cannot take records, the
 * answer is 503 and {@code /ping} says why; it is asked again every few seconds, so the front end comes
 * back by itself. Requests wait, bounded in bytes, for one thread of their own that hands them to the
 * producer (which may block while it learns a new topic), so the event loops never block. Thread-safe.
 */
public final class Publisher implements Intake, AutoCloseable {

  private static final long MAX_QUEUED_BYTES = 64L << 20;
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
  private static final String INSERT_PATH = "/api/v[01]/insert/";

  private final KafkaSettings settings;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;
  private final Topics topics;
  private final Log log;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> new Thread(task, "kafka-publisher"));
  private final Set<String> madeTopics = ConcurrentHashMap.newKeySet();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final Counter published;
  private final Object admission = new Object();
  private volatile boolean closed;
  private volatile String problem;
  private volatile long lastProbe;

  private Publisher(KafkaSettings settings, KafkaProducer<byte[], byte[]> producer, Admin admin, Log log,
      Metrics metrics) {
    this.settings = settings;
    this.producer = producer;
    this.admin = admin;
    this.topics = new Topics(settings.topicPrefix());
    this.log = log;
    this.published = Counter.builder().name("infiltrate_kafka_published_requests")
        .help("Requests a front end handed to Kafka, by outcome: ok (every replica has it) or failed (answered 503)")
        .labelNames("outcome").register(metrics.registry());
  }

  /**
   * Connects a producer and an admin client (which makes new clusters' topics).
   *
   * @throws IOException with one line saying what is wrong with the settings
   */
  public static Publisher start(KafkaSettings settings, Log log, Metrics metrics) throws IOException {
    KafkaProducer<byte[], byte[]> producer = null;
    try {
      producer = new KafkaProducer<>(KafkaClients.producer(settings));
      return new Publisher(settings, producer, Admin.create(KafkaClients.admin(settings)), log, metrics);
    } catch (KafkaException e) {
      if (producer != null) {
        producer.close(Duration.ZERO);
      }
      throw new IOException("cannot start the Kafka producer: " + KafkaClients.innermost(e).getMessage(), e);
    }
  }

  @Override
  public Store.Admission submit(Accepted request, Consumer<Store.Outcome> done) {
    ProducerRecord<byte[], byte[]> record = record(request);
    long bytes = record.value().length;
    synchronized (admission) {
      if (closed) {
        return Store.Admission.CLOSED;
      }
      if (queuedBytes.addAndGet(bytes) > MAX_QUEUED_BYTES && queuedBytes.get() != bytes) {
        queuedBytes.addAndGet(-bytes);
        return Store.Admission.BUSY;
      }
      sender.execute(() -> send(record, bytes, done));
    }
    return Store.Admission.ACCEPTED;
  }

  /**
   * The record of a request: its cluster's envelope topic for an envelope, its request topic otherwise;
   * keyed by the name of the file its first line goes to, so that one file's records keep their order.
   */
  private ProducerRecord<byte[], byte[]> record(Accepted request) {
    Set<String> clusters = new TreeSet<>(request.batch().recordsByCluster().keySet());
    if (clusters.size() != 1) {
      throw new IllegalArgumentException("a front end takes the records of one cluster per request, not of "
          + String.join(", ", clusters));
    }
    String path = request.target().split("\\?", 2)[0];
    boolean envelope = path.matches(INSERT_PATH + "[a-z]+");
    String topic = topics.name(clusters.iterator().next(),
        envelope ? path.substring(path.lastIndexOf('/') + 1) : Topics.REQUEST_TYPE);
    String file = request.batch().firstPath();
    List<Header> headers = new ArrayList<>();
    if (!envelope) {
      headers.add(header(RecordFormat.PATH, request.target()));
    }
    if (!request.idempotencyKeys().isEmpty()) {
      headers.add(header(RecordFormat.USER, request.user() == null ? "" : request.user()));
      headers.add(header(RecordFormat.IDEMPOTENCY_KEY, request.idempotencyKeys().get(0)));
    }
    return new ProducerRecord<>(topic, null, file.substring(file.lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8),
        request.body().bytes(), headers);
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** On the publisher's thread: makes the topic if new, and hands the record to the producer. */
  private void send(ProducerRecord<byte[], byte[]> record, long bytes, Consumer<Store.Outcome> done) {
    try {
      makeTopic(record.topic());
      producer.send(record, (metadata, failure) -> {
        queuedBytes.addAndGet(-bytes);
        answer(failure, done);
      });
    } catch (KafkaException | IOException e) {
      queuedBytes.addAndGet(-bytes);
      answer(e, done);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      queuedBytes.addAndGet(-bytes);
      answer(new IOException("the front end is stopping"), done);
    }
  }

  private void makeTopic(String topic) throws IOException, InterruptedException {
    if (madeTopics.contains(topic)) {
      return;
    }
    try {
      admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      log.info("kafka: made topic " + topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IOException("cannot make topic " + topic + ": " + KafkaClients.innermost(e).getMessage(), e);
      }
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("no answer from the brokers at " + settings.brokers() + " within "
          + ADMIN_TIMEOUT.toSeconds() + " s", e);
    }
    madeTopics.add(topic);
  }

  /** Answers the request: 200 when Kafka has it; else 503, and the front end fails until Kafka answers. */
  private void answer(Exception failure, Consumer<Store.Outcome> done) {
    if (failure == null) {
      published.labelValues("ok").inc();
      recovered();
      done.accept(Store.Outcome.STORED);
      return;
    }
    published.labelValues("failed").inc();
    Throwable cause = failure instanceof IOException ? failure : KafkaClients.innermost(failure);
    String reason = "cannot hand the request to Kafka: " + (cause.getMessage() == null ? cause : cause.getMessage());
    // Only this request is wrong for Kafka (too large for the brokers' limit, say): the front end works.
    if (!(failure instanceof RecordTooLargeException || failure instanceof InvalidTopicException)) {
      failing(reason);
    }
    done.accept(new Store.Outcome(false, reason));
  }

  private synchronized void failing(String reason) {
    if (!reason.equals(problem)) {
      log.warning("kafka: " + reason + " (answering 503 until it works again)");
    }
    problem = reason;
  }

  private synchronized void recovered() {
    if (problem != null) {
      log.info("kafka: the brokers take requests again");
      problem = null;
    }
  }

  /** Null while Kafka takes records; else why not. Asks Kafka again now and then while it fails. */
  @Override
  public String problem() {
    String now = problem;
    if (now != null && System.nanoTime() - lastProbe > PROBE_INTERVAL.toNanos() && !closed) {
      lastProbe = System.nanoTime();
      // Kafka answers when it tells which brokers it has; until then /ping keeps saying why not.
      admin.describeCluster().nodes().whenComplete((nodes, failure) -> {
        if (failure == null) {
          recovered();
        }
      });
    }
    return closed ? "shutting down" : now;
  }

  @Override
  public long queuedBytes() {
    return queuedBytes.get();
  }

  @Override
  public int openFiles() {
    return 0;
  }

  /** The front end's section of the status page. */
  public String render() {
    return "kafka: publishing every request to topics " + topics.describe() + " at " + settings.brokers() + "\n  "
        + (problem == null ? "ok" : "FAILING: " + problem) + "; " + (long) published.labelValues("ok").get()
        + " requests published, " + (long) published.labelValues("failed").get() + " failed since the start\n";
  }

  /** Takes no more requests, waits for Kafka to acknowledge those taken, and disconnects. */
  @Override
  public void close() {
    synchronized (admission) {
      closed = true;
    }
    sender.shutdown();
    try {
      sender.awaitTermination(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(ADMIN_TIMEOUT);
    admin.close(Duration.ZERO); // only probes can be pending now, and they need no answer
  }
}
