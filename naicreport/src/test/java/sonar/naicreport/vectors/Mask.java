package sonar.naicreport.vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code mask} of an analysis vector: a sed script of {@code s/regex/replacement/[g]} commands in
 * POSIX basic regular expressions, applied line by line as {@code sed -f mask} does. Only what the
 * vectors use is supported; anything else fails loudly. Immutable.
 */
final class Mask {

  private record Substitution(Pattern pattern, String replacement, boolean global) {}

  private final List<Substitution> substitutions;

  private Mask(List<Substitution> substitutions) {
    this.substitutions = substitutions;
  }

  static Mask none() {
    return new Mask(List.of());
  }

  static Mask parse(String script) {
    List<Substitution> substitutions = new ArrayList<>();
    for (String line : script.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (!line.startsWith("s/")) {
        throw new IllegalArgumentException("mask: not a substitution: " + line);
      }
      List<String> parts = new ArrayList<>();
      StringBuilder part = new StringBuilder();
      for (int i = 2; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '\\' && i + 1 < line.length()) {
          part.append(c).append(line.charAt(++i));
        } else if (c == '/') {
          parts.add(part.toString());
          part.setLength(0);
        } else {
          part.append(c);
        }
      }
      parts.add(part.toString());
      if (parts.size() != 3 || !(parts.get(2).isEmpty() || parts.get(2).equals("g"))) {
        throw new IllegalArgumentException("mask: unsupported command: " + line);
      }
      substitutions.add(new Substitution(Pattern.compile(basicToJava(parts.get(0))), replacement(parts.get(1)),
          parts.get(2).equals("g")));
    }
    return new Mask(substitutions);
  }

  /** POSIX BRE to Java: {@code \/} is a slash, braces are literal, the rest reads alike here. */
  private static String basicToJava(String basic) {
    StringBuilder java = new StringBuilder();
    for (int i = 0; i < basic.length(); i++) {
      char c = basic.charAt(i);
      if (c == '\\' && i + 1 < basic.length()) {
        char next = basic.charAt(++i);
        java.append(next == '/' ? "/" : "\\" + next);
      } else if (c == '{' || c == '}' || c == '+' || c == '?' || c == '|' || c == '(' || c == ')') {
        java.append('\\').append(c);
      } else {
        java.append(c);
      }
    }
    return java.toString();
  }

  /** GNU sed's replacement: {@code \n} a newline, {@code \/} a slash; as a literal for Java. */
  private static String replacement(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else if (c == '&') {
        throw new IllegalArgumentException("mask: & in a replacement is not supported");
      } else {
        out.append(c);
      }
    }
    return Matcher.quoteReplacement(out.toString());
  }

  /** The text with every line passed through the script; a last line without a newline keeps none. */
  String apply(String text) {
    if (substitutions.isEmpty()) {
      return text;
    }
    boolean finalNewline = text.endsWith("\n");
    String body = finalNewline ? text.substring(0, text.length() - 1) : text;
    StringBuilder out = new StringBuilder();
    String[] lines = body.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      for (Substitution s : substitutions) {
        Matcher matcher = s.pattern().matcher(line);
        line = s.global() ? matcher.replaceAll(s.replacement()) : matcher.replaceFirst(s.replacement());
      }
      out.append(line);
      if (i < lines.length - 1 || finalNewline) {
        out.append('\n');
      }
    }
    return text.isEmpty() ? text : out.toString();
  }
}
