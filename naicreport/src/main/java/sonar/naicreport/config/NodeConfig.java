package sonar.naicreport.config;

/**
 * What the node list says about one node: its name (one name, after expansion), the description the
 * dashboard shows, and its size. Immutable.
 *
 * @param gpuMemGb total over all cards
 * @param gpuMemPct whether sonalyze reads GPU memory from the cards' percentage figure
 */
public record NodeConfig(String hostname, String description, long cpuCores, long memGb, long gpuCards,
    long gpuMemGb, boolean gpuMemPct) {

  NodeConfig withHostname(String name) {
    return new NodeConfig(name, description, cpuCores, memGb, gpuCards, gpuMemGb, gpuMemPct);
  }
}
