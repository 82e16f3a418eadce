package sonar.sonalyze.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags a command line gave, by long name, and the files after {@code --}; values as given.
 * Immutable once parsed.
 */
public final class ParsedFlags {

  private final Map<String, List<String>> values = new HashMap<>();
  private final List<String> files = new ArrayList<>();

  void add(String longName, String value) {
    values.computeIfAbsent(longName, name -> new ArrayList<>()).add(value);
  }

  void file(String name) {
    files.add(name);
  }

  public boolean has(String longName) {
    return values.containsKey(longName);
  }

  /** The value of a flag given at most once, or null. */
  public String value(String longName) {
    List<String> given = values.get(longName);
    return given == null ? null : given.get(0);
  }

  public List<String> values(String longName) {
    return List.copyOf(values.getOrDefault(longName, List.of()));
  }

  public List<String> files() {
    return List.copyOf(files);
  }
}
