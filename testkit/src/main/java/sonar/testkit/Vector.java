package sonar.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One case of real Sonar data run through the reference programs (under {@code testdata/vectors}): what
 * sonar printed, every body the reference sender posted in order, the tree the reference server wrote,
 * and what the sender logged.
 */
public record Vector(String name, Path directory) {

  /** A body the reference sender posted: to {@code /sonar-reading} or {@code /sonar-heartbeat}. */
  public record Post(String path, byte[] body) {
    public boolean isHeartbeat() {
      return path.equals("/sonar-heartbeat");
    }

    @Override
    public String toString() {
      return path + " " + new String(body, StandardCharsets.UTF_8);
    }
  }

  public static List<Vector> all() {
    try (Stream<Path> cases = Files.list(root())) {
      return cases.sorted().map(dir -> new Vector(dir.getFileName().toString(), dir)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Vector named(String name) {
    return new Vector(name, root().resolve(name));
  }

  /** The repository's testdata directory, found from the module's working directory. */
  public static Path testdata() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata");
      if (Files.isDirectory(candidate.resolve("vectors"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no testdata/vectors above " + Path.of("").toAbsolutePath());
  }

  private static Path root() {
    return testdata().resolve("vectors");
  }

  public String input() {
    return read(directory.resolve("input.csv"));
  }

  /** The lines the sender printed about dropped fields and records, without the final count. */
  public List<String> senderLog() {
    return read(directory.resolve("sender-log.txt")).lines().filter(line -> !line.startsWith("Bad records")).toList();
  }

  public List<Post> posts() {
    List<Post> posts = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory.resolve("wire"))) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString(); // NNNN-sonar-reading.json
        String path = "/" + name.substring(5, name.length() - ".json".length());
        posts.add(new Post(path, Files.readAllBytes(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return posts;
  }

  /** Every file of the reference server's tree by its path relative to the data directory. */
  public Map<String, byte[]> tree() {
    return Trees.read(directory.resolve("tree"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
