package sonar.infiltrate.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import sonar.format.JsonLimits;
import sonar.format.Timestamp;
import sonar.format.WireReader;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.Layout;

/**
 * The JSON envelopes of current sonar, posted to {@code /api/v1/insert/<topic>} (or {@code v0}): one
 * message, {@code {"meta":..., "data":{"type":..., "attributes":{"time","cluster","node",...}}}} or
 * {@code {"meta":..., "errors":[{"time","detail","cluster","node"},...]}}. A message is checked (its
 * type matches the topic; time, cluster and, for node data, node are present and valid), stored as one
 * compact line in the file the later Go server used, dated by the UTC date of its time, and answered
 * with {@code {"cluster","node","topic","time"}}. Error reports go to a file of their own per node and
 * day. Thread-safe.
 */
public final class Envelopes {

  /**
   * What each topic of the path carries, and the file it goes to: prefix, node (or "slurm"), ".json".
   *
   * @param alias another type the topic takes, or null: sonar sends Slurm jobs as "job" (0.13 to 0.19 at
   *     least), while its format documents say "jobs"
   */
  private record Topic(String type, String alias, boolean perNode, String prefix) {

    boolean takes(String messageType) {
      return type.equals(messageType) || (alias != null && alias.equals(messageType));
    }

    String types() {
      return "\"" + type + "\"" + (alias == null ? "" : " (or \"" + alias + "\")");
    }
  }

  private static final Map<String, Topic> TOPICS = Map.of(
      "sample", new Topic("sample", null, true, "0+sample-"),
      "sysinfo", new Topic("sysinfo", null, true, "0+sysinfo-"),
      "job", new Topic("job", "jobs", false, "0+job-"),
      "cluster", new Topic("cluster", null, false, "0+cluzter-"));

  /** Error reports go per node (or "slurm" for reports from a cluster's master) and day. */
  private static final String ERRORS_PREFIX = "0+errors-";
  /** The name the later Go server gave the files of cluster-wide data, which no node sends. */
  private static final String NO_NODE = "slurm";

  private final JsonFactory factory = JsonLimits.factory();

  /** The topics the insert path takes. */
  public static boolean isTopic(String topic) {
    return TOPICS.containsKey(topic);
  }

  /**
   * Reads a message and checks that it is well formed, without yet looking at what its topic needs; its
   * cluster and node, where it names them, say who sent a message that {@link #ingest} then refuses.
   *
   * @throws IllegalArgumentException when the body is not one JSON object with "meta"
   */
  public Message read(byte[] body) {
    return read(Body.of(body));
  }

  /**
   * {@link #read(byte[])} for a body read as a stream, so that a large one need not be held whole; its
   * reading measures the line it makes, which {@link #ingest} then writes without reading it a third time.
   */
  public Message read(Body body) {
    Message message = new Message();
    if (body.held() != null) {
      try (JsonParser parser = factory.createParser(body.held())) {
        read(parser, message);
      } catch (IOException e) {
        throw failed(e);
      }
      return message;
    }
    try (JsonText.Measuring in = JsonText.measuring(body.open()); JsonParser parser = factory.createParser(in)) {
      read(parser, message);
      message.measured = in.measured();
    } catch (IOException e) {
      throw failed(e);
    }
    return message;
  }

  private static RuntimeException failed(IOException e) {
    return e instanceof JsonProcessingException malformed
        ? WireReader.malformed(malformed)
        : new UncheckedIOException("reading a body held in memory", e);
  }

  /**
   * @param body the bytes the message was read from
   * @param topic the last component of the path: sample, sysinfo, job or cluster
   * @throws IllegalArgumentException naming what is wrong with the message
   * @throws ClusterNotAllowed when the message's cluster is not the sender's
   */
  public Ingested ingest(Message message, byte[] body, String topic, String requiredCluster) {
    return ingest(message, Body.of(body), topic, requiredCluster);
  }

  /** {@link #ingest(Message, byte[], String, String)} for a body read as a stream. */
  public Ingested ingest(Message message, Body body, String topic, String requiredCluster) {
    Topic expected = TOPICS.get(topic);
    if (message.hasData == message.hasErrors) {
      throw new IllegalArgumentException(message.hasData
          ? "the message has both \"data\" and \"errors\"; it may have one"
          : "the message has neither \"data\" nor \"errors\"");
    }
    if (message.hasData && !expected.takes(message.type)) {
      throw new IllegalArgumentException("data.type is " + quoted(message.type) + " but " + topic
          + " messages have type " + expected.types());
    }
    String where = message.hasData ? "data.attributes" : "errors[0]";
    require(message.time, where + ".time");
    require(message.cluster, where + ".cluster");
    Clusters.check(message.cluster, requiredCluster, where);
    boolean needsNode = message.hasData && expected.perNode();
    if (needsNode) {
      require(message.node, where + ".node");
    }
    Timestamp time;
    try {
      time = Timestamp.parse(message.time);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".time: " + e.getMessage(), e);
    }
    String node = message.node == null || message.node.isEmpty() ? null : message.node;
    String prefix = message.hasErrors ? ERRORS_PREFIX : expected.prefix();
    String fileNode = message.hasErrors || expected.perNode() ? (node == null ? NO_NODE : node) : NO_NODE;
    String path;
    try {
      path = Layout.file(message.cluster, time.utcDatePath(), "node", fileNode, prefix, ".json");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    Batch.Builder batch = new Batch.Builder();
    JsonText.addLine(body, message.measured, batch, path);
    return new Ingested(batch.build(), answer(message.cluster, node == null ? "" : node, topic, message.time),
        message.hasErrors ? message.cluster : null);
  }

  /**
   * The fields of a message that matter, found in one pass; everything else is checked for
   * well-formedness only. Not thread-safe.
   */
  public static final class Message {
    private boolean hasData;
    private boolean hasErrors;
    private String type;
    private String time;
    private String cluster;
    private String node;
    private JsonText.Measured measured; // of a body read as a stream, when read to its end

    private Message() {}

    /** The cluster the message names, or null. */
    public String cluster() {
      return cluster;
    }

    /** The node the message names, or null. */
    public String node() {
      return node;
    }
  }

  private static void read(JsonParser parser, Message message) throws IOException {
    expect(parser.nextToken(), JsonToken.START_OBJECT, "a JSON object");
    boolean hasMeta = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (name) {
        case "meta" -> {
          expect(value, JsonToken.START_OBJECT, "\"meta\" to be an object");
          hasMeta = true;
          parser.skipChildren();
        }
        case "data" -> {
          expect(value, JsonToken.START_OBJECT, "\"data\" to be an object");
          message.hasData = true;
          readData(parser, message);
        }
        case "errors" -> {
          expect(value, JsonToken.START_ARRAY, "\"errors\" to be an array");
          message.hasErrors = true;
          readErrors(parser, message);
        }
        default -> parser.skipChildren();
      }
    }
    if (parser.nextToken() != null) {
      throw new IllegalArgumentException("unexpected data after the JSON object");
    }
    if (!hasMeta) {
      throw new IllegalArgumentException("the message has no \"meta\"");
    }
  }

  private static void readData(JsonParser parser, Message message) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("type") && value == JsonToken.VALUE_STRING) {
        message.type = parser.getText();
      } else if (name.equals("attributes")) {
        expect(value, JsonToken.START_OBJECT, "\"data.attributes\" to be an object");
        readIdentity(parser, message);
      } else {
        parser.skipChildren();
      }
    }
  }

  private static void readErrors(JsonParser parser, Message message) throws IOException {
    int index = 0;
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      expect(token, JsonToken.START_OBJECT, "errors[" + index + "] to be an object");
      Message error = index == 0 ? message : new Message();
      readIdentity(parser, error);
      if (index > 0 && error.cluster != null && !error.cluster.equals(message.cluster)) {
        throw new IllegalArgumentException("errors[" + index + "].cluster differs from errors[0].cluster; "
            + "send each cluster's errors in a message of its own");
      }
      index++;
    }
    if (index == 0) {
      throw new IllegalArgumentException("\"errors\" is empty");
    }
  }

  /** Reads time, cluster and node of an object, skipping the rest. */
  private static void readIdentity(JsonParser parser, Message message) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING && (name.equals("time") || name.equals("cluster") || name.equals("node"))) {
        switch (name) {
          case "time" -> message.time = parser.getText();
          case "cluster" -> message.cluster = parser.getText();
          default -> message.node = parser.getText();
        }
      } else {
        parser.skipChildren();
      }
    }
  }

  private static void expect(JsonToken actual, JsonToken wanted, String what) {
    if (actual != wanted) {
      throw new IllegalArgumentException("expected " + what);
    }
  }

  private static void require(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the message has no " + name);
    }
  }

  private static String quoted(String value) {
    return value == null ? "missing" : "\"" + value + "\"";
  }

  /** What the sonar sink expects back: {@code {"cluster":..,"node":..,"topic":..,"time":..}}. */
  private String answer(String cluster, String node, String topic, String time) {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator json = factory.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("cluster", cluster);
      json.writeStringField("node", node);
      json.writeStringField("topic", topic);
      json.writeStringField("time", time);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return out.toString();
  }
}
