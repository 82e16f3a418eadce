package sonar.sonalyze.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import sonar.format.Timestamp;
import sonar.sonalyze.config.NodeConfig;

/**
 * What one JSON message said that the analysis uses, as the reader found it, and what it becomes:
 * samples (one per process, or a heartbeat) or a node description. Not thread-safe: one per message.
 */
final class JsonMessage {
  String version = "";
  String type;
  String time;
  String node;
  long cpus;
  boolean gpuFailing;
  final List<Sample> processes = new ArrayList<>();
  // An old-form node description, or a sysinfo envelope.
  String description;
  long cpuCores;
  double memGb;
  long gpuCards;
  double gpumemGb;
  long sockets;
  long coresPerSocket;
  long threadsPerCore;
  String cpuModel;
  final List<String> cardModels = new ArrayList<>();
  final List<Double> cardMemoryGb = new ArrayList<>();
  boolean oldSysinfo;

  void deliver(List<Sample> samples, List<JsonSampleReader.Described> described) {
    if (oldSysinfo) {
      described.add(new JsonSampleReader.Described(timeOf(time),
          new NodeConfig(node, description == null ? "" : description, cpuCores, memGb, gpuCards, gpumemGb, false)));
      return;
    }
    if ("sysinfo".equals(type)) {
      double gpumem = 0;
      for (double memory : cardMemoryGb) {
        gpumem += memory;
      }
      described.add(new JsonSampleReader.Described(timeOf(time), new NodeConfig(node, describe(),
          sockets * coresPerSocket * Math.max(1, threadsPerCore), memGb, cardModels.size(), gpumem, false)));
      return;
    }
    if (!"sample".equals(type)) {
      return; // errors, Slurm jobs and cluster messages carry no samples
    }
    long nanos = timeOf(time);
    if (node == null || node.isEmpty()) {
      throw new JsonSampleReader.BadMessage("a sample message without data.attributes.node");
    }
    if (processes.isEmpty()) {
      Sample heartbeat = new Sample();
      heartbeat.user = "_sonar_";
      heartbeat.cmd = Sample.HEARTBEAT_COMMAND;
      processes.add(heartbeat);
    }
    for (Sample sample : processes) {
      sample.time = nanos;
      sample.version = version;
      sample.host = node;
      sample.cores = cpus;
      sample.gpuFail = gpuFailing;
      samples.add(sample);
    }
  }

  long timeOf(String text) {
    if (text == null) {
      throw new JsonSampleReader.BadMessage("a message without a time");
    }
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    long nanos = Timestamp.epochNanos(bytes, 0, bytes.length);
    if (nanos == Timestamp.INVALID) {
      throw new JsonSampleReader.BadMessage("time \"" + text + "\" is not an RFC 3339 time");
    }
    return nanos;
  }

  /**
   * As the node descriptions of sonar 0.7 to 0.14 read: {@code 2x14 (hyperthreaded) Xeon, 125 GiB, 4x A100 @ 40GiB}.
   */
  String describe() {
    StringBuilder out = new StringBuilder();
    out.append(sockets).append('x').append(coresPerSocket);
    if (threadsPerCore > 1) {
      out.append(" (hyperthreaded)");
    }
    if (cpuModel != null && !cpuModel.isEmpty()) {
      out.append(' ').append(cpuModel);
    }
    out.append(", ").append(Math.round(memGb)).append(" GiB");
    if (!cardModels.isEmpty()) {
      out.append(", ").append(cardModels.size()).append("x ").append(cardModels.get(0))
          .append(" @ ").append(Math.round(cardMemoryGb.get(0))).append("GiB");
    }
    return out.toString();
  }
}
