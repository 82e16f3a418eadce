package sonar.sonalyze.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The fields a command can print about its rows: each a name and how to write a row's value, plus
 * aliases (one name for several fields) and the default {@code --fmt}. Immutable once built,
 * thread-safe.
 *
 * @param <T> the rows
 */
public final class Fields<T> {

  /** What a field writes, in csv, json and awk output, to leave itself out under {@code nodefaults}. */
  public static final String SKIP = "*skip*";

  private final Map<String, Function<T, String>> formatters = new LinkedHashMap<>();
  private final Map<String, List<String>> aliases = new LinkedHashMap<>();
  private final String defaults;

  public Fields(String defaults) {
    this.defaults = defaults;
  }

  public Fields<T> add(String name, Function<T, String> formatter) {
    formatters.put(name, formatter);
    return this;
  }

  public Fields<T> alias(String name, String... fields) {
    aliases.put(name, List.of(fields));
    return this;
  }

  public String defaults() {
    return defaults;
  }

  public Function<T, String> formatter(String name) {
    return formatters.get(name);
  }

  boolean has(String name) {
    return formatters.containsKey(name);
  }

  List<String> aliasOf(String name) {
    return aliases.get(name);
  }

  /** The text of {@code --fmt=help}, as the reference prints it. */
  public String help() {
    StringBuilder out = new StringBuilder("Syntax:\n  --fmt=(field|alias|control),...\n\nFields:\n");
    new TreeMap<>(formatters).keySet().forEach(name -> out.append("  ").append(name).append('\n'));
    if (!aliases.isEmpty()) {
      out.append("\nAliases:\n");
      new TreeMap<>(aliases).forEach((name, fields) -> {
        List<String> sorted = new ArrayList<>(fields);
        sorted.sort(null);
        out.append("  ").append(name).append(" --> ").append(String.join(",", sorted)).append('\n');
      });
    }
    out.append("\nDefaults:\n  ").append(defaults).append('\n');
    out.append("\nControl:\n  awk\n  csv\n  csvnamed\n  fixed\n  json\n  header\n  nodefaults\n  noheader\n"
        + "  tag:<tagvalue>\n");
    return out.toString();
  }
}
