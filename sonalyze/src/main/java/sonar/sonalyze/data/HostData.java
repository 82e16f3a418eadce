package sonar.sonalyze.data;

import java.util.List;
import sonar.sonalyze.config.NodeConfig;

/**
 * What a group of files held: the samples in the order read, and the newest description of each node
 * they described.
 */
public record HostData(List<Sample> samples, List<NodeConfig> described) {}
