package sonar.sonalyze.config;

/**
 * The size of one node, against which relative figures ({@code rcpu}, {@code rmem}, ...) are computed:
 * from a config file entry, or from the newest description the node sent ({@code sonar sysinfo}).
 *
 * @param memGb main memory in GB (2^30 bytes)
 * @param gpumemGb memory of all cards together, in GB
 * @param gpumemPct whether the node's GPU memory figures are to be read from the percentage
 */
public record NodeConfig(String hostname, String description, long cpuCores, double memGb, long gpuCards,
    double gpumemGb, boolean gpumemPct) {

  /** The same size under another name, as a config entry with a host range expands to. */
  public NodeConfig named(String name) {
    return new NodeConfig(name, description, cpuCores, memGb, gpuCards, gpumemGb, gpumemPct);
  }
}
