package sonar.format;

/**
 * A sign of life from a node with nothing else to report, as the reference programs carry it: sonar's
 * {@code cmd=_heartbeat_} line reduced to version, time, cluster and host. Immutable.
 */
public record Heartbeat(String version, String time, String cluster, String host) {

  public Heartbeat {
    Reading.requireText(version, "version");
    Reading.requireText(time, "time");
    Reading.requireText(cluster, "cluster");
    Reading.requireText(host, "host");
  }
}
