package sonar.infiltrate.kafka;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import sonar.infiltrate.ingest.ClusterNotAllowed;
import sonar.infiltrate.ingest.Envelopes;
import sonar.infiltrate.ingest.FreeCsv;
import sonar.infiltrate.ingest.Ingested;
import sonar.infiltrate.ingest.OldSysinfo;
import sonar.infiltrate.ingest.SampleBatches;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.IdempotencyKey;

/**
 * Turns a record of one of sonar's topics into what the HTTP path would store for the same body: an
 * envelope as {@code POST /api/v1/insert/<type>} does, a front end's request as its endpoint does, with
 * the same checks; and the cluster of every line must be the topic's, as a user may only send their own
 * cluster's data. A record that fails is {@link BadRecord}, with the reason. Not thread-safe: one per
 * consumer.
 */
final class RecordDecoder {

  /** A record that cannot be stored, and why; it goes to the quarantine. */
  static final class BadRecord extends Exception {
    private static final long serialVersionUID = 1L;

    BadRecord(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Topics topics;
  private final Envelopes envelopes = new Envelopes();
  private final SampleBatches samples = new SampleBatches();
  private final FreeCsv freeCsv = new FreeCsv();
  private final OldSysinfo sysinfo = new OldSysinfo();

  RecordDecoder(Topics topics) {
    this.topics = topics;
  }

  /**
   * The batch of one part the record becomes, with its idempotency key if it carries one, and the
   * cluster whose failure report the envelope is (or null).
   *
   * @throws BadRecord saying why the record cannot be stored
   */
  Ingested decode(ConsumerRecord<byte[], byte[]> record) throws BadRecord {
    Topics.Topic topic = topics.parse(record.topic());
    if (topic == null) {
      throw new BadRecord("topic " + record.topic() + " is none of sonar's");
    }
    if (record.value() == null) {
      throw new BadRecord("the record has no value");
    }
    Ingested ingested;
    try {
      ingested = topic.isEnvelope()
          ? envelopes.ingest(envelopes.read(record.value()), record.value(), topic.type(), null)
          : Ingested.of(request(record, topic.cluster()));
    } catch (IllegalArgumentException | ClusterNotAllowed e) {
      throw new BadRecord(e.getMessage());
    }
    for (String cluster : ingested.batch().recordsByCluster().keySet()) {
      if (!cluster.equals(topic.cluster())) {
        throw new BadRecord("cluster \"" + cluster + "\" is not the topic's: " + record.topic()
            + " carries data of cluster \"" + topic.cluster() + "\" only");
      }
    }
    return new Ingested(ingested.batch().withIdempotencyKey(key(record)), ingested.answer(),
        ingested.clusterWithErrors());
  }

  /** A front end's request, decoded by its endpoint. */
  private Batch request(ConsumerRecord<byte[], byte[]> record, String cluster) throws BadRecord {
    String target = header(record, RecordFormat.PATH);
    if (target == null) {
      throw new BadRecord("a request record needs a " + RecordFormat.PATH + " header");
    }
    QueryStringDecoder uri = new QueryStringDecoder(target);
    byte[] body = record.value();
    return switch (uri.path()) {
      case "/sonar-reading" -> samples.readings(body, null);
      case "/sonar-heartbeat" -> samples.heartbeats(body, null);
      case "/sonar-freecsv" -> freeCsv.batch(body, queryCluster(uri), null);
      case "/sysinfo" -> sysinfo.batch(body, queryCluster(uri), null);
      default -> throw new BadRecord("no endpoint takes requests to " + uri.path());
    };
  }

  private static String queryCluster(QueryStringDecoder uri) throws BadRecord {
    List<String> values = uri.parameters().get("cluster");
    if (values == null || values.isEmpty()) {
      throw new BadRecord("missing query parameter cluster, as in ?cluster=<cluster>");
    }
    return values.get(0);
  }

  /** The request's idempotency key, for the user who sent it; null when it carries none. */
  private static IdempotencyKey key(ConsumerRecord<byte[], byte[]> record) throws BadRecord {
    List<String> keys = new ArrayList<>();
    for (Header header : record.headers().headers(RecordFormat.IDEMPOTENCY_KEY)) {
      keys.add(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
    }
    try {
      return IdempotencyKey.of(header(record, RecordFormat.USER), keys);
    } catch (IllegalArgumentException e) {
      throw new BadRecord(e.getMessage());
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
