package sonar.sonalyze.config;

import java.util.Map;

/**
 * Where the size of each node comes from: the config file when one was given, and for a node it does
 * not list (or when none was given) the newest description the node sent. Immutable, thread-safe.
 */
public final class NodeSizes {

  private final Map<String, NodeConfig> configured;
  private final boolean configFileGiven;

  /** @param configured the config file's entries, null when no config file was given */
  public NodeSizes(Map<String, NodeConfig> configured) {
    this.configured = configured == null ? Map.of() : Map.copyOf(configured);
    this.configFileGiven = configured != null;
  }

  public boolean configFileGiven() {
    return configFileGiven;
  }

  /** @param described the node's own newest description, or null */
  public NodeConfig of(String host, NodeConfig described) {
    NodeConfig node = configured.get(host);
    return node != null ? node : described;
  }
}
