package sonar.infiltrate.http;

import java.util.ArrayList;
import java.util.List;

/**
 * What is known of who sent a request, for the log: the user its credentials named, and the cluster and
 * node its data named, each null when unknown. Immutable.
 */
record Sender(String user, String cluster, String node) {

  static final Sender UNKNOWN = new Sender(null, null, null);

  static Sender user(String user) {
    return new Sender(user, null, null);
  }

  Sender with(String cluster, String node) {
    return new Sender(user, cluster, node);
  }

  /** {@code  (user "u", cluster "c", node "n")} with what is known, or nothing. */
  String describe() {
    List<String> parts = new ArrayList<>(3);
    if (user != null && !user.isEmpty()) {
      parts.add("user \"" + user + "\"");
    }
    if (cluster != null) {
      parts.add("cluster \"" + cluster + "\"");
    }
    if (node != null) {
      parts.add("node \"" + node + "\"");
    }
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }
}
