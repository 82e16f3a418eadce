import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * For bench/kafka.sh: sends COUNT sample envelopes of about 2 KiB, as sonar's Kafka sink does (snappy,
 * key the node, 5,000 nodes), to <cluster>.sample, and prints how fast. Run as a single-file program with
 * the broker's jars on the class path: java -cp 'jars/*' Backlog.java BOOTSTRAP CLUSTER COUNT
 */
public class Backlog {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1] + ".sample";
    int count = Integer.parseInt(args[2]);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();
    }
    StringBuilder cpus = new StringBuilder();
    for (int c = 1; c <= 64; c++) {
      cpus.append(c == 1 ? "" : ",").append(200000 + c * 37);
    }
    Semaphore window = new Semaphore(20_000);
    long started = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
        "compression.type", "snappy", "linger.ms", "20", "batch.size", "262144", "acks", "all",
        "key.serializer", ByteArraySerializer.class.getName(), "value.serializer", ByteArraySerializer.class.getName()))) {
      for (int i = 0; i < count; i++) {
        String node = String.format("node%05d.cluster", i % 5000);
        StringBuilder jobs = new StringBuilder();
        for (int j = 0; j < 8; j++) {
          jobs.append(j == 0 ? "" : ",").append("{\"job\":").append(1000 + i % 97 * 8 + j)
              .append(",\"user\":\"user").append(j).append("\",\"epoch\":166179831,\"processes\":[{\"resident_memory\":")
              .append(6144 + i % 1000).append(",\"virtual_memory\":37608,\"cmd\":\"python3\",\"pid\":").append(30000 + j)
              .append(",\"ppid\":1,\"cpu_avg\":").append(j).append(".9,\"cpu_time\":").append(i).append("}]}");
        }
        String envelope = "{\"meta\":{\"producer\":\"sonar\",\"version\":\"0.13.0\"},\"data\":{\"type\":\"sample\","
            + "\"attributes\":{\"time\":\"2025-04-07T13:53:24+02:00\",\"cluster\":\"" + args[1] + "\",\"node\":\"" + node
            + "\",\"system\":{\"cpus\":[" + cpus + "],\"used_memory\":5992528},\"jobs\":[" + jobs + "]}}}";
        window.acquire();
        producer.send(new ProducerRecord<>(topic, node.getBytes(StandardCharsets.UTF_8),
            envelope.getBytes(StandardCharsets.UTF_8)), (metadata, failure) -> {
              window.release();
              if (failure != null) {
                failure.printStackTrace();
                System.exit(1);
              }
            });
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("sent %d envelopes in %.1f s: %.0f/s%n", count, seconds, count / seconds);
  }
}
