package sonar.sonalyze.hosts;

import java.util.ArrayList;
import java.util.List;

/**
 * A host name pattern as {@code --host} and config files write them: elements separated by {@code .},
 * each a comma list of alternatives, each a literal with numeric ranges in brackets
 * ({@code ml[1-3,6-9]}) and optionally a final {@code *} (a prefix). {@code ml[1-2]*.hpc} matches
 * {@code ml1x.hpc.uio.no}: a pattern with fewer elements than the name matches its first elements.
 * Immutable, thread-safe.
 */
public final class HostPattern {

  /** Expansions beyond this are refused: a pattern that large is a mistake. */
  private static final int MAX_EXPANSIONS = 100_000;

  /** Per element, the literal alternatives; an alternative ending in '*' matches as a prefix. */
  private final List<List<String>> elements;
  private final String text;

  private HostPattern(String text, List<List<String>> elements) {
    this.text = text;
    this.elements = elements;
  }

  /** @throws IllegalArgumentException naming the problem with text */
  public static HostPattern parse(String text) {
    List<List<String>> elements = new ArrayList<>();
    for (String element : text.split("\\.", -1)) {
      if (element.isEmpty()) {
        throw new IllegalArgumentException("empty element in host pattern \"" + text + "\"");
      }
      List<String> alternatives = new ArrayList<>();
      for (String alternative : splitOutsideBrackets(element, text)) {
        if (alternative.isEmpty()) {
          throw new IllegalArgumentException("empty alternative in host pattern \"" + text + "\"");
        }
        int star = alternative.indexOf('*');
        if (star >= 0 && star != alternative.length() - 1) {
          throw new IllegalArgumentException("'*' may only end an element of host pattern \"" + text + "\"");
        }
        expand(alternative, 0, new StringBuilder(), alternatives, text);
      }
      elements.add(List.copyOf(alternatives));
    }
    return new HostPattern(text, List.copyOf(elements));
  }

  /** Whether the pattern matches the name's first elements. */
  public boolean matches(String host) {
    int at = 0;
    for (List<String> alternatives : elements) {
      if (at > host.length()) {
        return false;
      }
      int dot = host.indexOf('.', at);
      int end = dot < 0 ? host.length() : dot;
      if (!matchesElement(alternatives, host, at, end)) {
        return false;
      }
      at = end + 1;
    }
    return true;
  }

  /**
   * The names the pattern stands for, for config files, whose patterns may not have {@code *}.
   *
   * @throws IllegalArgumentException when the pattern has a {@code *}
   */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    names.add("");
    for (List<String> alternatives : elements) {
      List<String> longer = new ArrayList<>();
      for (String prefix : names) {
        for (String alternative : alternatives) {
          if (alternative.endsWith("*")) {
            throw new IllegalArgumentException("'*' is not allowed in the host name \"" + text + "\"");
          }
          longer.add(prefix.isEmpty() ? alternative : prefix + "." + alternative);
        }
      }
      names = longer;
    }
    return names;
  }

  @Override
  public String toString() {
    return text;
  }

  private static boolean matchesElement(List<String> alternatives, String host, int start, int end) {
    for (String alternative : alternatives) {
      int length = alternative.length();
      if (alternative.charAt(length - 1) == '*') {
        if (end - start >= length - 1 && host.regionMatches(start, alternative, 0, length - 1)) {
          return true;
        }
      } else if (end - start == length && host.regionMatches(start, alternative, 0, length)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> splitOutsideBrackets(String element, String pattern) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < element.length(); i++) {
      char c = element.charAt(i);
      if (c == '[') {
        if (depth++ > 0) {
          throw new IllegalArgumentException("nested brackets in host pattern \"" + pattern + "\"");
        }
      } else if (c == ']') {
        if (depth-- == 0) {
          throw new IllegalArgumentException("unbalanced brackets in host pattern \"" + pattern + "\"");
        }
      } else if (c == ',' && depth == 0) {
        parts.add(element.substring(start, i));
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unbalanced brackets in host pattern \"" + pattern + "\"");
    }
    parts.add(element.substring(start));
    return parts;
  }

  /** Appends to out every literal the alternative stands for, its ranges expanded left to right. */
  private static void expand(String alternative, int at, StringBuilder prefix, List<String> out, String pattern) {
    int open = alternative.indexOf('[', at);
    if (open < 0) {
      out.add(prefix + alternative.substring(at));
      if (out.size() > MAX_EXPANSIONS) {
        throw new IllegalArgumentException("host pattern \"" + pattern + "\" stands for too many names");
      }
      return;
    }
    int close = alternative.indexOf(']', open);
    String literal = alternative.substring(at, open);
    for (long number : range(alternative.substring(open + 1, close), pattern)) {
      int mark = prefix.length();
      prefix.append(literal).append(number);
      expand(alternative, close + 1, prefix, out, pattern);
      prefix.setLength(mark);
    }
  }

  private static List<Long> range(String list, String pattern) {
    List<Long> numbers = new ArrayList<>();
    for (String part : list.split(",", -1)) {
      int dash = part.indexOf('-');
      long low = number(dash < 0 ? part : part.substring(0, dash), pattern);
      long high = dash < 0 ? low : number(part.substring(dash + 1), pattern);
      if (high < low) {
        throw new IllegalArgumentException("range " + part + " runs backwards in host pattern \"" + pattern + "\"");
      }
      if (high - low > MAX_EXPANSIONS) {
        throw new IllegalArgumentException("host pattern \"" + pattern + "\" stands for too many names");
      }
      for (long n = low; n <= high; n++) {
        numbers.add(n);
      }
    }
    return numbers;
  }

  private static long number(String text, String pattern) {
    if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("\"" + text + "\" is not a number in host pattern \"" + pattern + "\"");
    }
    return Long.parseLong(text);
  }
}
