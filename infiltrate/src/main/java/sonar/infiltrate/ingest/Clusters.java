package sonar.infiltrate.ingest;

import sonar.infiltrate.store.Layout;

/** The checks every cluster name gets, wherever it travels: safe as a directory name, the sender's own. */
final class Clusters {

  private Clusters() {}

  /**
   * @param where what to name in a message, such as "record 3" or "the query"
   * @throws IllegalArgumentException when the name is unsafe
   * @throws ClusterNotAllowed when the sender may only write another cluster
   */
  static void check(String cluster, String requiredCluster, String where) {
    try {
      Layout.checkCluster(cluster);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    if (requiredCluster != null && !requiredCluster.equals(cluster)) {
      throw new ClusterNotAllowed(where, cluster, requiredCluster);
    }
  }
}
