package sonar.infiltrate.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.Store;

/**
 * What the server counts, served at {@code /metrics} in the Prometheus text format: requests and records
 * by endpoint and outcome, refusals by endpoint and class of reason, bytes received, the store's queue and
 * open files, journal force latency, storage errors, TLS handshake failures, and per cluster (the first
 * {@value #MAX_CLUSTERS}; the rest together) the records stored and when the last came. Thread-safe.
 */
public final class Metrics implements Store.Observer {

  /** Per cluster: records stored and the time of the last, for the status page. */
  public record ClusterActivity(long records, Instant lastStored) {}

  /**
   * Clusters counted each under its own name; the ones after them are counted together under
   * {@link #OTHER_CLUSTERS}, so that a flood of made-up names cannot grow the metrics without bound.
   */
  public static final int MAX_CLUSTERS = 1000;
  /** The name the clusters past {@link #MAX_CLUSTERS} are counted under; no cluster's name starts with a dot. */
  public static final String OTHER_CLUSTERS = ".other";

  private final Clock clock;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter requests = Counter.builder().name("infiltrate_requests")
      .help("Requests answered, by endpoint and outcome").labelNames("endpoint", "outcome").register(registry);
  private final Counter records = Counter.builder().name("infiltrate_records")
      .help("Records in requests answered, by endpoint and outcome").labelNames("endpoint", "outcome")
      .register(registry);
  private final Counter refusals = Counter.builder().name("infiltrate_refusals")
      .help("Requests refused, by endpoint and class of reason").labelNames("endpoint", "reason").register(registry);
  private final Counter receivedBytes = Counter.builder().name("infiltrate_received_bytes")
      .help("Request body bytes received, after decompression").labelNames("endpoint").register(registry);
  private final Histogram forceSeconds = Histogram.builder().name("infiltrate_journal_force_seconds")
      .help("Time to force the journal to disk, once per group of requests").classicOnly()
      .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
      .register(registry);
  private final Counter storageErrors = Counter.builder().name("infiltrate_storage_errors")
      .help("Failed storage operations (journal appends, file and directory creation, writes)").register(registry);
  private final Counter handshakeFailures = Counter.builder().name("infiltrate_tls_handshake_failures")
      .help("TLS handshakes that failed").register(registry);
  private final Counter clusterRecords = Counter.builder().name("infiltrate_cluster_records")
      .help("Records stored, by cluster").labelNames("cluster").register(registry);
  private final Gauge clusterLastStored = Gauge.builder().name("infiltrate_cluster_last_stored_timestamp_seconds")
      .help("When the last record of each cluster was stored, in seconds since the epoch").labelNames("cluster")
      .register(registry);
  private final Counter duplicates = Counter.builder().name("infiltrate_duplicate_requests")
      .help("Requests whose Idempotency-Key was stored already: answered as stored, not stored again")
      .register(registry);
  private final Gauge idempotencyKeys = Gauge.builder().name("infiltrate_idempotency_keys")
      .help("Idempotency keys kept, 8 bytes each, to answer resent batches without storing them twice")
      .register(registry);
  private final Counter errorReports = Counter.builder().name("infiltrate_error_reports")
      .help("Envelopes in which sonar reported that it failed to collect, by cluster").labelNames("cluster")
      .register(registry);
  private final Map<String, AtomicLong> lastStoredMillis = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> storedRecords = new ConcurrentHashMap<>();
  private final Set<String> namedClusters = ConcurrentHashMap.newKeySet();

  public Metrics(Clock clock, String version) {
    this.clock = clock;
    Info.builder().name("infiltrate_build_info").help("The running version").labelNames("version").register(registry)
        .addLabelValues(version);
    Gauge.builder().name("infiltrate_start_time_seconds").help("When the server started, in seconds since the epoch")
        .register(registry).set(clock.millis() / 1000.0);
  }

  /** Gauges read when scraped: the store's queue, open files, connections. */
  public void watch(LongSupplier queuedBytes, LongSupplier openFiles, LongSupplier connections) {
    gauge("infiltrate_store_queue_bytes", "Bytes of requests waiting for the store's writer", queuedBytes);
    gauge("infiltrate_open_files", "Data files open", openFiles);
    gauge("infiltrate_connections", "Client connections open", connections);
  }

  /** Gauges read when scraped: requests in flight, and the memory their bodies hold. */
  public void watchRequests(LongSupplier inFlight, LongSupplier bodyBytes) {
    gauge("infiltrate_requests_in_flight", "Requests taken in and not yet answered", inFlight);
    gauge("infiltrate_body_memory_bytes", "Bytes of request bodies held in memory", bodyBytes);
  }

  private void gauge(String name, String help, LongSupplier value) {
    GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsLong()))
        .register(registry);
  }

  /**
   * @param endpoint the endpoint's path, or "other" for paths the server does not serve
   * @param status the HTTP status answered
   */
  public void answered(String endpoint, int status, int recordCount, long bodyBytes) {
    String outcome = outcome(status);
    requests.labelValues(endpoint, outcome).inc();
    if (recordCount > 0) {
      records.labelValues(endpoint, outcome).inc(recordCount);
    }
    if (bodyBytes > 0) {
      receivedBytes.labelValues(endpoint).inc(bodyBytes);
    }
  }

  /**
   * @param endpoint as for {@link #answered}
   * @param reason the class of reason, from a small fixed set
   */
  public void refused(String endpoint, String reason) {
    refusals.labelValues(endpoint, reason).inc();
  }

  /** The reason class of an answer, as a label. */
  static String outcome(int status) {
    return switch (status) {
      case 200 -> "ok";
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "timeout";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "throttled";
      case 500 -> "internal_error";
      case 503 -> "unavailable";
      default -> "status_" + status;
    };
  }

  /** Sonar on a node of the cluster reported that it failed to collect. */
  public void errorReport(String cluster) {
    errorReports.labelValues(named(cluster)).inc();
  }

  public void handshakeFailed() {
    handshakeFailures.inc();
  }

  @Override
  public void forced(long nanos) {
    forceSeconds.observe(nanos / 1e9);
  }

  @Override
  public void stored(Batch batch) {
    long now = clock.millis();
    batch.recordsByCluster().forEach((stored, count) -> {
      String cluster = named(stored);
      clusterRecords.labelValues(cluster).inc(count);
      clusterLastStored.labelValues(cluster).set(now / 1000.0);
      storedRecords.computeIfAbsent(cluster, any -> new AtomicLong()).addAndGet(count);
      lastStoredMillis.computeIfAbsent(cluster, any -> new AtomicLong()).set(now);
    });
  }

  /** The cluster's own name while fewer than {@link #MAX_CLUSTERS} are named, or once it is; else the others'. */
  private String named(String cluster) {
    if (namedClusters.contains(cluster)) {
      return cluster;
    }
    if (namedClusters.size() < MAX_CLUSTERS) { // two threads may both pass; a name or two over is harmless
      namedClusters.add(cluster);
      return cluster;
    }
    return OTHER_CLUSTERS;
  }

  @Override
  public void failed() {
    storageErrors.inc();
  }

  @Override
  public void duplicate(Batch batch) {
    duplicates.inc();
  }

  @Override
  public void idempotencyKeys(long kept) {
    idempotencyKeys.set(kept);
  }

  /** Per cluster, by name. */
  public SortedMap<String, ClusterActivity> clusters() {
    SortedMap<String, ClusterActivity> clusters = new TreeMap<>();
    storedRecords.forEach((cluster, count) -> clusters.put(cluster,
        new ClusterActivity(count.get(), Instant.ofEpochMilli(lastStoredMillis.get(cluster).get()))));
    return clusters;
  }

  /** Everything, in the Prometheus text format (version 0.0.4). */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("writing metrics to memory", e);
    }
    return out.toByteArray();
  }
}
