package sonar.infiltrate.kafka;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the server talks to Kafka: which brokers, which consumer group, which topics, TLS and SASL, and
 * whether it stores what it consumes or is a front end that publishes what it is sent. {@link #builder}
 * starts from the defaults. Immutable.
 *
 * @param brokers {@code host:port[,host:port...]} to bootstrap from
 * @param group the consumer group, whose members share the partitions
 * @param topicPrefix put with a dot before every topic name; empty for none
 * @param caFile PEM certificates of the CA that signed the brokers' certificates, or null for no TLS
 * @param user the SASL PLAIN user, or null for no SASL; then passwordFile is null too
 * @param passwordFile holds the SASL PLAIN password on its first line
 * @param publish a front end: requests go to Kafka, and nothing is consumed or stored here
 * @param topicRefresh how often the topics are listed again, so that a new cluster's are found
 * @param retryDelay how long a partition the store could not take waits before it is read again
 * @param maxPollRecords records read at most per poll, and so stored at most in one journal record
 * @param maxRequestBytes largest record a front end publishes (the envelope limit, and some room)
 */
public record KafkaSettings(String brokers, String group, String topicPrefix, Path caFile, String user,
    Path passwordFile, boolean publish, Duration topicRefresh, Duration retryDelay, int maxPollRecords,
    int maxRequestBytes) {

  /** The group sonalyze's Kafka ingestion used, so that a site switches over without reading anything again. */
  public static final String DEFAULT_GROUP = "jobanalyzer-ingest";

  public KafkaSettings {
    require(brokers != null && !brokers.isBlank() && group != null && !group.isBlank() && topicPrefix != null,
        "brokers, group and topic prefix are required");
    require((user == null) == (passwordFile == null), "a SASL user and a password file go together");
    require(!topicRefresh.isNegative() && !topicRefresh.isZero() && !retryDelay.isNegative() && !retryDelay.isZero(),
        "topicRefresh and retryDelay must be positive");
    require(topicPrefix.isEmpty() || prefixProblem(topicPrefix) == null,
        "topic prefix \"" + topicPrefix + "\" " + prefixProblem(topicPrefix));
    require(maxPollRecords >= 1 && maxRequestBytes >= 1, "maxPollRecords and maxRequestBytes must be positive");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Null when the prefix can start a topic's name; else what is wrong with it. */
  public static String prefixProblem(String prefix) {
    return Topics.prefixProblem(prefix);
  }

  public static Builder builder(String brokers) {
    return new Builder(brokers);
  }

  /** One line for the log at start. */
  public String describe() {
    return (publish ? "publishing to Kafka at " : "consuming from Kafka at ") + brokers
        + (publish ? "" : " as group " + group)
        + (topicPrefix.isEmpty() ? "" : ", topic prefix " + topicPrefix)
        + (caFile == null ? "" : ", TLS with CA " + caFile)
        + (user == null ? "" : ", SASL user " + user);
  }

  /** Settings from the defaults, changed one at a time. Not thread-safe. */
  public static final class Builder {
    private final String brokers;
    private String group = DEFAULT_GROUP;
    private String topicPrefix = "";
    private Path caFile;
    private String user;
    private Path passwordFile;
    private boolean publish;
    private Duration topicRefresh = Duration.ofSeconds(10);
    private Duration retryDelay = Duration.ofSeconds(1);
    private int maxPollRecords = 2000;
    private int maxRequestBytes = 33 << 20;

    private Builder(String brokers) {
      this.brokers = brokers;
    }

    public Builder group(String name) {
      this.group = name;
      return this;
    }

    public Builder topicPrefix(String prefix) {
      this.topicPrefix = prefix;
      return this;
    }

    public Builder caFile(Path file) {
      this.caFile = file;
      return this;
    }

    public Builder sasl(String saslUser, Path saslPasswordFile) {
      this.user = saslUser;
      this.passwordFile = saslPasswordFile;
      return this;
    }

    public Builder publish(boolean frontEnd) {
      this.publish = frontEnd;
      return this;
    }

    public Builder topicRefresh(Duration interval) {
      this.topicRefresh = interval;
      return this;
    }

    public Builder retryDelay(Duration delay) {
      this.retryDelay = delay;
      return this;
    }

    public Builder maxPollRecords(int records) {
      this.maxPollRecords = records;
      return this;
    }

    public Builder maxRequestBytes(int bytes) {
      this.maxRequestBytes = bytes;
      return this;
    }

    public KafkaSettings build() {
      return new KafkaSettings(brokers, group, topicPrefix, caFile, user, passwordFile, publish, topicRefresh,
          retryDelay, maxPollRecords, maxRequestBytes);
    }
  }
}
