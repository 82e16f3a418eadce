package sonar.naicreport.vectors;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line into words as bash does for the vectors' {@code cmd}: blanks, quotes, backslashes. */
final class ShellWords {

  private ShellWords() {}

  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        continue;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unbalanced ' in " + line);
        }
        word.append(line, i + 1, end);
        i = end;
      } else if (c == '"') {
        for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
          char d = line.charAt(i);
          if (d == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
            d = line.charAt(++i);
          } else if (d == '$' || d == '`') {
            throw new IllegalArgumentException("expansions are not supported: " + line);
          }
          word.append(d);
        }
        if (i >= line.length()) {
          throw new IllegalArgumentException("unbalanced \" in " + line);
        }
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
      } else if ("$`|&;<>()*?[".indexOf(c) >= 0) {
        throw new IllegalArgumentException("shell syntax not supported: " + c + " in " + line);
      } else {
        word.append(c);
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
