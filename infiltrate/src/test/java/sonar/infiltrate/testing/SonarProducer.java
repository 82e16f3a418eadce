package sonar.infiltrate.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends what sonar's Kafka sink sends: to {@code <cluster>.<type>}, key the node, value one envelope,
 * snappy-compressed, every replica acknowledging, not idempotent (librdkafka's defaults).
 */
public final class SonarProducer implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;

  public SonarProducer(KafkaBroker broker) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
        ProducerConfig.LINGER_MS_CONFIG, "5",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
  }

  /** Sends and waits for the acknowledgement; returns the record's offset. */
  public long send(String topic, String key, String value)
      throws ExecutionException, InterruptedException, TimeoutException {
    return sendBytes(topic, key, value.getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS).offset();
  }

  /** Sends without waiting. */
  public Future<RecordMetadata> sendBytes(String topic, String key, byte[] value) {
    return producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
  }

  @Override
  public void close() {
    producer.close();
  }
}
