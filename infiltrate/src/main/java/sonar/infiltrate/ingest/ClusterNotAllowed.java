package sonar.infiltrate.ingest;

/** A record names a cluster other than the one its sender may write: answered 403. */
public final class ClusterNotAllowed extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ClusterNotAllowed(String message) {
    super(message, null, false, false);
  }
}
