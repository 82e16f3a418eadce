package sonar.sonalyze.output;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed {@code --fmt}: the fields to print, in order (duplicates allowed), and the form: fixed
 * columns (the default), {@code csv}, {@code csvnamed}, {@code json} or {@code awk}, with
 * {@code header}, {@code noheader}, {@code nodefaults} and {@code tag:<value>}. Words that are neither
 * fields, aliases nor controls are ignored, as the reference ignores them. Immutable.
 */
public record Format(List<String> fields, boolean csv, boolean named, boolean json, boolean awk,
    boolean fixed, boolean header, boolean nodefaults, String tag) {

  /**
   * @throws IllegalArgumentException "No output fields were selected" when no field is named
   */
  public static <T> Format parse(String spec, Fields<T> known) {
    List<String> fields = new ArrayList<>();
    Set<String> others = new LinkedHashSet<>();
    for (String word : spec.split(",", -1)) {
      if (known.has(word)) {
        fields.add(word);
      } else if (known.aliasOf(word) != null) {
        for (String field : known.aliasOf(word)) {
          if (known.has(field)) {
            fields.add(field);
          } else {
            others.add(field);
          }
        }
      } else {
        others.add(word);
      }
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("No output fields were selected");
    }
    boolean named = others.contains("csvnamed");
    boolean csv = others.contains("csv") || named;
    boolean json = others.contains("json") && !csv;
    boolean awk = others.contains("awk") && !csv && !json;
    boolean fixed = others.contains("fixed") && !csv && !json && !awk;
    boolean header = (!csv && !json && !awk && !others.contains("noheader")) || (csv && others.contains("header"));
    String tag = null;
    for (String other : others) {
      if (other.startsWith("tag:")) {
        tag = other.substring(4);
        break;
      }
    }
    return new Format(List.copyOf(fields), csv, named, json, awk, fixed, header, others.contains("nodefaults"), tag);
  }

  /** As parse and print default to header-less csv when none of fixed, csv and json was asked for. */
  public Format defaultingToCsv() {
    if (fixed || csv || json) {
      return this;
    }
    return new Format(fields, true, named, false, awk, false, false, nodefaults, tag);
  }

  /** Whether the output is in columns for people (fixed or awk): the jobs command then shortens host names. */
  public boolean forPeople() {
    return !csv && !json;
  }

  public boolean hasField(String name) {
    return fields.contains(name);
  }
}
