package sonar.infiltrate.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients' configuration, from the settings: where the brokers are, TLS and SASL PLAIN, and
 * what the consumer and the producer need to keep their promises (no automatic commits; a new group
 * reads from the start; an idempotent producer that waits for every replica). Reads the password file.
 * Stateless.
 */
final class KafkaClients {

  private KafkaClients() {}

  /**
   * @throws IOException naming the CA or password file when it cannot be read
   */
  static Properties consumer(KafkaSettings settings, Path dataPath) throws IOException {
    Properties properties = common(settings);
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
    // One member per data directory, known again when it restarts: it gets its partitions back at once,
    // where a new member would wait for the old one's session to time out.
    properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, member(dataPath));
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // Offsets are committed only once what came before them is stored.
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // A group that has committed nothing must not skip what is already there.
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
    // Moves as few partitions as it can when members come and go, and only those.
    properties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    return properties;
  }

  /**
   * @throws IOException naming the CA or password file when it cannot be read
   */
  static Properties producer(KafkaSettings settings) throws IOException {
    Properties properties = common(settings);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // A request is answered 200 only once every in-sync replica has it, written once however often the
    // producer retries.
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, settings.maxRequestBytes());
    // A sender waits for its answer: give up, and answer 503, well before it does.
    properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    return properties;
  }

  /** The group member a data directory on this host is: its name and a hash of the directory's path. */
  static String member(Path dataPath) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    byte[] path = dataPath.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8);
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(path);
      return "infiltrate-" + host + "-" + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** For the admin client that finds out lag and makes a new cluster's topics. */
  static Properties admin(KafkaSettings settings) throws IOException {
    return common(settings);
  }

  private static Properties common(KafkaSettings settings) throws IOException {
    Properties properties = new Properties();
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.brokers());
    properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, "infiltrate");
    properties.put(CommonClientConfigs.METADATA_MAX_AGE_CONFIG, settings.topicRefresh().toMillis());
    boolean tls = settings.caFile() != null;
    boolean sasl = settings.user() != null;
    properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
        sasl ? (tls ? "SASL_SSL" : "SASL_PLAINTEXT") : (tls ? "SSL" : "PLAINTEXT"));
    if (tls) {
      requireReadable(settings.caFile(), "-kafka-ca");
      properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
      properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, settings.caFile().toString());
    }
    if (sasl) {
      properties.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
      properties.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
          + "username=" + quoted(settings.user()) + " password=" + quoted(password(settings.passwordFile())) + ";");
    }
    return properties;
  }

  private static String password(Path file) throws IOException {
    requireReadable(file, "-kafka-password-file");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || lines.get(0).strip().isEmpty()) {
      throw new IOException("-kafka-password-file " + file + ": the first line holds no password");
    }
    return lines.get(0).strip();
  }

  private static void requireReadable(Path file, String flag) throws IOException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IOException(flag + " " + file + ": " + (Files.exists(file) ? "cannot be read" : "no such file"));
    }
  }

  /** The innermost cause, whose message says what went wrong in the words of whoever noticed. */
  static Throwable innermost(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }

  /** A value in JAAS's double quotes, where a backslash escapes the next character. */
  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
