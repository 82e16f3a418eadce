package sonar.infiltrate.ingest;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import sonar.format.Heartbeat;
import sonar.format.Reading;
import sonar.format.StoredLine;
import sonar.format.Timestamp;
import sonar.format.Utf8Builder;
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

  /** Where a kind of record is filed (cluster, time, host), and how its stored line is written. */
  private record Kind<T>(Function<T, String> cluster, Function<T, String> time, Function<T, String> host,
      BiConsumer<Utf8Builder, T> line) {}

  private static final Kind<Reading> READING =
      new Kind<>(Reading::cluster, Reading::time, Reading::host, StoredLine::append);
  private static final Kind<Heartbeat> HEARTBEAT =
      new Kind<>(Heartbeat::cluster, Heartbeat::time, Heartbeat::host, StoredLine::append);

  private final WireReader reader = new WireReader();

  /**
   * @param requiredCluster the only cluster the records may name, or null for any
   * @throws IllegalArgumentException naming the first bad record and what is wrong with it
   * @throws ClusterNotAllowed naming the first record for another cluster
   */
  public Batch readings(byte[] body, String requiredCluster) {
    return batch(reader.readings(body, 0, body.length), READING, requiredCluster);
  }

  /** As {@link #readings}, for heartbeats. */
  public Batch heartbeats(byte[] body, String requiredCluster) {
    return batch(reader.heartbeats(body, 0, body.length), HEARTBEAT, requiredCluster);
  }

  private static <T> Batch batch(List<T> records, Kind<T> kind, String requiredCluster) {
    Batch.Builder batch = new Batch.Builder();
    Paths paths = new Paths(requiredCluster);
    for (int i = 0; i < records.size(); i++) {
      T record = records.get(i);
      String path = paths.of(i, kind.cluster().apply(record), kind.time().apply(record), kind.host().apply(record));
      kind.line().accept(batch.lineFor(path), record);
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
        throw new ClusterNotAllowed("record " + (index + 1), cluster, requiredCluster);
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
