package sonar.naicreport.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Host name patterns as the reference's naicreport reads them: a list such as {@code ml[1-3,6-9],ml5}
 * split at the commas outside brackets, and a configured name such as {@code node00[1-2].example.org}
 * expanded into {@code node001.example.org} and {@code node002.example.org} (each dot-separated element
 * may end in one bracketed list of numbers and ranges). Stateless.
 */
public final class HostPatterns {

  private HostPatterns() {}

  /**
   * Splits a comma-separated list of patterns; commas inside brackets belong to a pattern.
   *
   * @throws IllegalArgumentException for nested or unbalanced brackets and empty names
   */
  public static List<String> split(String list) {
    List<String> patterns = new ArrayList<>();
    if (list.isEmpty()) {
      return patterns;
    }
    boolean insideBrackets = false;
    int start = -1;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '[') {
        if (insideBrackets) {
          throw new IllegalArgumentException("Illegal pattern: nested brackets");
        }
        insideBrackets = true;
      } else if (c == ']') {
        if (!insideBrackets) {
          throw new IllegalArgumentException("Illegal pattern: unmatched end bracket");
        }
        insideBrackets = false;
      } else if (c == ',' && !insideBrackets) {
        if (start == -1) {
          throw new IllegalArgumentException("Illegal pattern: Empty host name");
        }
        patterns.add(list.substring(start, i));
        start = -1;
        continue;
      }
      if (start == -1) {
        start = i;
      }
    }
    if (insideBrackets) {
      throw new IllegalArgumentException("Illegal pattern: Missing end bracket");
    }
    if (start == -1) {
      throw new IllegalArgumentException("Illegal pattern: Empty host name");
    }
    patterns.add(list.substring(start));
    return patterns;
  }

  /**
   * Every host name a configured name stands for, in order: the product of its elements' expansions. An
   * element that is not {@code literal[ranges]} stands for itself.
   */
  public static List<String> expand(String name) {
    int dot = name.indexOf('.');
    List<String> heads = expandElement(dot < 0 ? name : name.substring(0, dot));
    if (dot < 0) {
      return heads;
    }
    List<String> tails = expand(name.substring(dot + 1));
    List<String> names = new ArrayList<>();
    for (String head : heads) {
      for (String tail : tails) {
        names.add(head + "." + tail);
      }
    }
    return names;
  }

  private static List<String> expandElement(String element) {
    int bracket = -1;
    for (int i = 0; i < element.length(); i++) {
      char c = element.charAt(i);
      if (c == '[' || c == '*' || c == ',') {
        bracket = i;
        break;
      }
    }
    if (bracket < 0) {
      return List.of(element);
    }
    List<Long> numbers = element.charAt(bracket) == '[' ? ranges(element.substring(bracket + 1)) : null;
    if (numbers == null || numbers.isEmpty()) {
      return List.of(element);
    }
    String prefix = element.substring(0, bracket);
    List<String> names = new ArrayList<>(numbers.size());
    for (long number : numbers) {
      names.add(prefix + number);
    }
    return names;
  }

  /** The numbers of {@code 1-3,5]} (the opening bracket already read), or null if that is not its form. */
  private static List<Long> ranges(String text) {
    if (!text.endsWith("]")) {
      return null;
    }
    List<Long> numbers = new ArrayList<>();
    for (String item : text.substring(0, text.length() - 1).split(",", -1)) {
      int dash = item.indexOf('-');
      Long low = number(dash < 0 ? item : item.substring(0, dash));
      Long high = dash < 0 ? low : number(item.substring(dash + 1));
      if (low == null || high == null || low > high || high - low > MAX_RANGE) {
        return null;
      }
      for (long n = low; n <= high; n++) {
        numbers.add(n);
      }
    }
    return numbers;
  }

  /** A range wider than any cluster: a typo rather than a million nodes. */
  private static final long MAX_RANGE = 100_000;

  private static Long number(String digits) {
    if (digits.isEmpty() || digits.length() > 9) {
      return null;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return null;
      }
    }
    return Long.parseLong(digits);
  }
}
