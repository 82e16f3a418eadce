package sonar.sonalyze.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import sonar.sonalyze.hosts.HostPattern;

/**
 * Reads a config file ({@code --config-file}): a JSON array of objects {@code hostname} (a name or a
 * range such as {@code c1-[23-25]}), {@code description}, {@code cpu_cores}, {@code mem_gb},
 * {@code gpu_cards}, {@code gpumem_gb} (all cards together), {@code gpumem_pct}, checked as the reference
 * checks them and with its messages, prefixed by the file's name. Stateless.
 */
public final class ConfigFile {

  private ConfigFile() {}

  /** @throws IllegalArgumentException with a message naming the file and the problem */
  public static Map<String, NodeConfig> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
    try (JsonParser parser = new JsonFactory().createParser(bytes)) {
      Map<String, NodeConfig> nodes = new HashMap<>();
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException(file + ": Expected an array value");
      }
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
        if (token != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException(file + ": Expected an object value");
        }
        Entry entry = readEntry(parser);
        NodeConfig node;
        try {
          node = entry.toNode();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        java.util.List<String> names;
        try {
          names = HostPattern.parse(node.hostname()).names();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        for (String name : names) {
          if (nodes.putIfAbsent(name, node.named(name)) != null) {
            throw new IllegalArgumentException(file + ": System info for host " + name + " already defined");
          }
        }
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException(file + ": unexpected data after the array");
      }
      return nodes;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": line " + e.getLocation().getLineNr() + ": not JSON: "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  /** The fields of one object as the JSON gave them; null when absent. */
  private static final class Entry {
    Object hostname;
    Object description;
    Object cpuCores;
    Object memGb;
    Object gpuCards;
    Object gpumemGb;
    Object gpumemPct;
    boolean hasDescription;
    boolean hasGpumemPct;

    NodeConfig toNode() {
      if (!(hostname instanceof String name)) {
        throw new IllegalArgumentException("Field 'hostname' must be present and have a string value");
      }
      if (hasDescription && !(description instanceof String)) {
        throw new IllegalArgumentException("Field 'description' must have a string value");
      }
      long cores = required(cpuCores, "cpu_cores");
      long mem = required(memGb, "mem_gb");
      Long cards = optional(gpuCards, "gpu_cards");
      Long gpumem = optional(gpumemGb, "gpumem_gb");
      if (hasGpumemPct && !(gpumemPct instanceof Boolean)) {
        throw new IllegalArgumentException("Field 'gpumem_pct' must have a boolean value");
      }
      if (cards == null && (gpumem != null || hasGpumemPct)) {
        throw new IllegalArgumentException("Without gpu_cards there should be no gpumem_gb or gpumem_pct");
      }
      return new NodeConfig(name, hasDescription ? (String) description : "", cores, mem,
          cards == null ? 0 : cards, gpumem == null ? 0 : gpumem, hasGpumemPct && (Boolean) gpumemPct);
    }

    private static long required(Object value, String name) {
      Long number = optional(value, name);
      if (number == null) {
        throw new IllegalArgumentException("Field '" + name + "' must be present and have an integer value");
      }
      return number;
    }

    /** As the reference: a number that is not an unsigned integer is an error, a non-number counts as absent. */
    private static Long optional(Object value, String name) {
      if (value instanceof Long number && number >= 0) {
        return number;
      }
      if (value instanceof Number) {
        throw new IllegalArgumentException("Field '" + name + "' must have unsigned integer value");
      }
      return null;
    }
  }

  private static Entry readEntry(JsonParser parser) throws IOException {
    Entry entry = new Entry();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken token = parser.nextToken();
      Object value = scalar(parser, token);
      switch (name) {
        case "hostname" -> entry.hostname = value;
        case "description" -> {
          entry.description = value;
          entry.hasDescription = true;
        }
        case "cpu_cores" -> entry.cpuCores = value;
        case "mem_gb" -> entry.memGb = value;
        case "gpu_cards" -> entry.gpuCards = value;
        case "gpumem_gb" -> entry.gpumemGb = value;
        case "gpumem_pct" -> {
          entry.gpumemPct = value;
          entry.hasGpumemPct = true;
        }
        default -> {
          // other fields are the site's own notes
        }
      }
    }
    return entry;
  }

  /** A string, Long, Double or Boolean for scalars; a marker for anything else, which is skipped. */
  private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? (Object) Double.NaN
            : (Object) parser.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        parser.skipChildren();
        return new Object();
    }
  }
}
