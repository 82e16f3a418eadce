package sonar.infiltrate.ingest;

import java.util.List;
import sonar.format.Heartbeat;
import sonar.format.Reading;
import sonar.format.StoredLine;
import sonar.format.Timestamp;
import sonar.format.WireReader;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.Layout;

/**
 * Turns the bodies of {@code /sonar-reading} and {@code /sonar-heartbeat} (the 0.7 JSON wire form) into
 * batches of stored lines, each filed under its cluster, the date of its time in its own offset, and its
 * host. Every record is checked first; one bad record refuses the body, naming it. When the sender may
 * only write one cluster, a record for another refuses the body too. Thread-safe.
 */
public final class SampleBatches {

  private final WireReader reader = new WireReader();

  /**
   * @param requiredCluster the only cluster the records may name, or null for any
   * @throws IllegalArgumentException naming the first bad record and what is wrong with it
   * @throws ClusterNotAllowed naming the first record for another cluster
   */
  public Batch readings(byte[] body, int offset, int length, String requiredCluster) {
    List<Reading> readings = reader.readings(body, offset, length);
    Batch.Builder batch = new Batch.Builder();
    Paths paths = new Paths(requiredCluster);
    for (int i = 0; i < readings.size(); i++) {
      Reading reading = readings.get(i);
      StoredLine.append(batch.lineFor(paths.of(i, reading.cluster(), reading.time(), reading.host())), reading);
    }
    return batch.build();
  }

  /** As {@link #readings}, for heartbeats. */
  public Batch heartbeats(byte[] body, int offset, int length, String requiredCluster) {
    List<Heartbeat> heartbeats = reader.heartbeats(body, offset, length);
    Batch.Builder batch = new Batch.Builder();
    Paths paths = new Paths(requiredCluster);
    for (int i = 0; i < heartbeats.size(); i++) {
      Heartbeat heartbeat = heartbeats.get(i);
      StoredLine.append(batch.lineFor(paths.of(i, heartbeat.cluster(), heartbeat.time(), heartbeat.host())), heartbeat);
    }
    return batch.build();
  }

  /**
   * Checked paths for the records of one body. A node's records share cluster, time and host, so the
   * last answer is kept and reused when they repeat.
   */
  private static final class Paths {
    private final String requiredCluster;
    private String cluster;
    private String time;
    private String host;
    private String path;

    Paths(String requiredCluster) {
      this.requiredCluster = requiredCluster;
    }

    String of(int index, String cluster, String time, String host) {
      if (cluster.equals(this.cluster) && time.equals(this.time) && host.equals(this.host)) {
        return path;
      }
      if (requiredCluster != null && !requiredCluster.equals(cluster)) {
        throw new ClusterNotAllowed("record " + (index + 1) + ": cluster \"" + cluster
            + "\" is not the sender's; user \"" + requiredCluster + "\" may only send data for cluster \""
            + requiredCluster + "\"");
      }
      try {
        path = Layout.hostFile(cluster, Timestamp.parse(time).localDatePath(), host);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("record " + (index + 1) + ": " + e.getMessage(), e);
      }
      this.cluster = cluster;
      this.time = time;
      this.host = host;
      return path;
    }
  }
}
