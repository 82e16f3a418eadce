package sonar.infiltrate.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import sonar.format.JsonLimits;
import sonar.format.Timestamp;
import sonar.format.WireReader;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.Layout;

/**
 * The body of {@code /sysinfo}: the node description of {@code sonar sysinfo} 0.7 to 0.14, one JSON
 * object, stored as one compact line appended to {@code sysinfo-<hostname>.json} in the directory of its
 * {@code timestamp}'s date (in its own offset, as the 0.7 path dates records). Thread-safe.
 */
public final class OldSysinfo {

  private final JsonFactory factory = JsonLimits.factory();

  /**
   * @throws IllegalArgumentException when the body is not a JSON object with a valid timestamp and hostname
   * @throws ClusterNotAllowed when the cluster is not the sender's
   */
  public Batch batch(byte[] body, String cluster, String requiredCluster) {
    Clusters.check(cluster, requiredCluster, "query parameter cluster");
    String timestamp = null;
    String hostname = null;
    try (JsonParser parser = factory.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("expected a JSON object describing a node");
      }
      for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("timestamp") && value == JsonToken.VALUE_STRING) {
          timestamp = parser.getText();
        } else if (name.equals("hostname") && value == JsonToken.VALUE_STRING) {
          hostname = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("unexpected data after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw WireReader.malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a body held in memory", e);
    }
    if (timestamp == null || hostname == null) {
      throw new IllegalArgumentException("the node description needs string fields \"timestamp\" and \"hostname\"");
    }
    String path = Layout.file(cluster, Timestamp.parse(timestamp).localDatePath(), "hostname", hostname,
        "sysinfo-", ".json");
    Batch.Builder batch = new Batch.Builder();
    JsonText.addLine(body, batch, path);
    return batch.build();
  }
}
