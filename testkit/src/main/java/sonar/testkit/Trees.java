package sonar.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads a directory tree into a sorted map of relative path to file content, for whole-tree comparisons. */
public final class Trees {

  private Trees() {}

  /** Regular files below root, skipping hidden entries (the server's own journal and lock). */
  public static Map<String, byte[]> read(Path root) {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String relative = root.relativize(file).toString();
        if (!relative.startsWith(".")) {
          files.put(relative, Files.readAllBytes(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Text of each file, for readable assertion failures. */
  public static Map<String, String> asText(Map<String, byte[]> tree) {
    Map<String, String> text = new TreeMap<>();
    tree.forEach((path, bytes) -> text.put(path, new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
    return text;
  }
}
