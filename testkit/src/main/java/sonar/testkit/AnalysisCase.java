package sonar.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One case of {@code testdata/analysis-vectors}: a command line run by the reference analysis programs
 * in the case's folder, and what they printed, with the comparison rules of that folder's README: the
 * environment to run in, the {@code mask} (a sed script of {@code s} commands) applied to both sides,
 * and the names compared line by line in any order ({@code unordered}).
 */
public record AnalysisCase(String name, Path directory) {

  /** The environment every case runs in (the README's), besides PATH and HOME. */
  public static final Map<String, String> ENVIRONMENT = Map.of("LOGNAME", "user05", "USER", "user05", "TZ", "UTC",
      "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8");

  /** The cases whose command runs the given program ({@code sonalyze} or {@code naicreport}). */
  public static List<AnalysisCase> of(String program) {
    Path root = Vector.testdata().resolve("analysis-vectors");
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(dir -> Files.isRegularFile(dir.resolve("cmd"))).sorted()
          .map(dir -> new AnalysisCase(dir.getFileName().toString(), dir))
          .filter(c -> c.words().get(0).equals(program)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command line split into words as bash splits it (quotes removed). */
  public List<String> words() {
    return ShellWords.split(read("cmd").strip());
  }

  public String expectedOut() {
    return read("expected.out");
  }

  public String expectedErr() {
    return Files.exists(directory.resolve("expected.err")) ? read("expected.err") : "";
  }

  public int expectedExit() {
    return Files.exists(directory.resolve("exit")) ? Integer.parseInt(read("exit").strip()) : 0;
  }

  /**
   * Text as compared: masked, then, if the name ({@code stdout}, {@code stderr}, or a path under
   * {@code out/}) is listed in {@code unordered}, its lines sorted.
   */
  public String normalized(String name, String text) {
    String masked = text;
    if (Files.exists(directory.resolve("mask"))) {
      for (String line : read("mask").split("\n")) {
        if (!line.isBlank()) {
          masked = substitute(line, masked);
        }
      }
    }
    if (Files.exists(directory.resolve("unordered")) && read("unordered").lines().anyMatch(name::equals)) {
      String[] lines = masked.split("\n", -1);
      boolean endsInNewline = masked.endsWith("\n");
      List<String> sorted =
          new ArrayList<>(Arrays.asList(lines).subList(0, endsInNewline ? lines.length - 1 : lines.length));
      sorted.sort(null);
      masked = String.join("\n", sorted) + (endsInNewline ? "\n" : "");
    }
    return masked;
  }

  /** One sed command {@code s/regex/replacement/[g]}, applied line by line as sed applies it. */
  private static String substitute(String command, String text) {
    if (!command.startsWith("s")) {
      throw new IllegalArgumentException("only s commands are supported in masks: " + command);
    }
    char delimiter = command.charAt(1);
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 2; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c == '\\' && i + 1 < command.length() && command.charAt(i + 1) == delimiter) {
        part.append(delimiter);
        i++;
      } else if (c == delimiter) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    Pattern regex = Pattern.compile(basicToJava(parts.get(0)));
    String replacement = Matcher.quoteReplacement(parts.get(1).replace("\\n", "\n"))
        .replace("&", "$0");
    boolean global = parts.size() > 2 && parts.get(2).contains("g");
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher matcher = regex.matcher(lines[i]);
      out.append(global ? matcher.replaceAll(replacement) : matcher.replaceFirst(replacement));
      if (i < lines.length - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** POSIX basic regular expressions as the masks write them, in Java's syntax. */
  private static String basicToJava(String basic) {
    StringBuilder out = new StringBuilder();
    boolean inClass = false;
    for (int i = 0; i < basic.length(); i++) {
      char c = basic.charAt(i);
      if (inClass) {
        if (c == ']' && basic.charAt(i - 1) != '[' && !(basic.charAt(i - 1) == '^' && basic.charAt(i - 2) == '[')) {
          inClass = false;
        } else if (c == '[' || c == '&' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      } else if (c == '\\' && i + 1 < basic.length()) {
        out.append('\\').append(basic.charAt(++i));
      } else if (c == '[') {
        inClass = true;
        out.append(c);
      } else if ("{}()+?|".indexOf(c) >= 0) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private String read(String file) {
    try {
      return Files.readString(directory.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
