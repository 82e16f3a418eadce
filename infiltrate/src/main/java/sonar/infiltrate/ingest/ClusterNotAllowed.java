package sonar.infiltrate.ingest;

/** A record names a cluster other than the one its sender may write: answered 403. */
public final class ClusterNotAllowed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param where what to name in the message, such as "record 3" or "the query" */
  ClusterNotAllowed(String where, String cluster, String requiredCluster) {
    super(where + ": cluster \"" + cluster + "\" is not the sender's; user \"" + requiredCluster
        + "\" may only send data for cluster \"" + requiredCluster + "\"", null, false, false);
  }
}
