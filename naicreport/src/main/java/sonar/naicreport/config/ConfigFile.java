package sonar.naicreport.config;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sonar.naicreport.json.JsonTree;

/**
 * Reads the node list ({@code ml-nodes.json}): a JSON array of objects with {@code hostname},
 * {@code description}, {@code cpu_cores}, {@code mem_gb}, {@code gpu_cards}, {@code gpumem_gb},
 * {@code gpumem_pct}; keys match without regard to case and unknown keys are ignored, as Go's decoder
 * has it. Checks what the reference checks: cores and memory given, no GPU memory without cards, no node
 * named twice once ranges such as {@code node00[1-2]} are expanded. Stateless.
 */
public final class ConfigFile {

  private ConfigFile() {}

  /**
   * @return the nodes by host name, in the file's order
   * @throws IOException when the file cannot be read, naming it
   * @throws IllegalArgumentException naming the file and what is wrong in it
   */
  public static Map<String, NodeConfig> read(Path file) throws IOException {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException("config file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IOException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("config file " + file + ": " + e.getMessage(), e);
    }
  }

  static Map<String, NodeConfig> parse(String text) {
    Object json = JsonTree.parse(text);
    if (json == null) {
      return Map.of();
    }
    if (!(json instanceof List<?> entries)) {
      throw new IllegalArgumentException("not a JSON array of nodes");
    }
    List<NodeConfig> nodes = new ArrayList<>();
    int index = 0;
    for (Object entry : entries) {
      index++;
      if (!(entry instanceof Map<?, ?> object)) {
        throw new IllegalArgumentException("node " + index + " is not a JSON object");
      }
      NodeConfig node = node(object, index);
      if (node.cpuCores() == 0 || node.memGb() == 0) {
        throw new IllegalArgumentException("Nonsensical CPU/memory information for " + node.hostname());
      }
      if (node.gpuCards() == 0 && (node.gpuMemGb() != 0 || node.gpuMemPct())) {
        throw new IllegalArgumentException("Inconsistent GPU information for " + node.hostname());
      }
      nodes.add(node);
    }
    // As the reference: the first name of each entry in file order, then the rest of every expansion.
    List<NodeConfig> expanded = new ArrayList<>(nodes.size());
    List<NodeConfig> more = new ArrayList<>();
    for (NodeConfig node : nodes) {
      List<String> names = HostPatterns.expand(node.hostname());
      expanded.add(node.withHostname(names.get(0)));
      for (String name : names.subList(1, names.size())) {
        more.add(node.withHostname(name));
      }
    }
    expanded.addAll(more);
    Map<String, NodeConfig> byName = new LinkedHashMap<>();
    for (NodeConfig node : expanded) {
      if (byName.putIfAbsent(node.hostname(), node) != null) {
        throw new IllegalArgumentException("Duplicate host name in config: " + node.hostname());
      }
    }
    return byName;
  }

  private static NodeConfig node(Map<?, ?> object, int index) {
    Fields fields = new Fields(object, index);
    return new NodeConfig(fields.string("hostname"), fields.string("description"), fields.integer("cpu_cores"),
        fields.integer("mem_gb"), fields.integer("gpu_cards"), fields.integer("gpumem_gb"), fields.bool("gpumem_pct"));
  }

  /** One node's fields, found as Go finds struct fields: the exact key, else one equal but for case. */
  private record Fields(Map<?, ?> object, int index) {

    private Object get(String name) {
      if (object.containsKey(name)) {
        return object.get(name);
      }
      Object found = null;
      for (Map.Entry<?, ?> entry : object.entrySet()) {
        if (((String) entry.getKey()).equalsIgnoreCase(name)) {
          found = entry.getValue(); // the last such key wins, as its value is decoded last
        }
      }
      return found;
    }

    String string(String name) {
      Object value = get(name);
      if (value == null) {
        return "";
      }
      if (!(value instanceof String text)) {
        throw wrongType(name, "a string");
      }
      return text;
    }

    long integer(String name) {
      Object value = get(name);
      if (value == null) {
        return 0;
      }
      if (!(value instanceof BigDecimal number)) {
        throw wrongType(name, "an integer");
      }
      try {
        return number.longValueExact();
      } catch (ArithmeticException e) {
        throw wrongType(name, "an integer");
      }
    }

    boolean bool(String name) {
      Object value = get(name);
      if (value == null) {
        return false;
      }
      if (!(value instanceof Boolean flag)) {
        throw wrongType(name, "true or false");
      }
      return flag;
    }

    private IllegalArgumentException wrongType(String name, String expected) {
      Object hostname = object.get("hostname");
      String node = hostname instanceof String text && !text.isEmpty() ? "node " + text : "node " + index;
      return new IllegalArgumentException(node + ": \"" + name + "\" must be " + expected);
    }
  }
}
