package sonar.naicreport.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import sonar.testkit.Vector;

/**
 * One case of {@code testdata/analysis-vectors}: a command line and what the reference programs printed
 * and wrote for it. Runs the case as its README says (in a copy of the case folder beside the shared
 * trees, {@code out/} filled from {@code init/}, the README's environment) and compares every output
 * after the case's mask, in any line order where the case says so.
 */
record AnalysisCase(String name, Path directory) {

  /** The environment the README fixes; the rest is inherited. */
  static final Map<String, String> ENVIRONMENT = Map.of("LOGNAME", "user05", "USER", "user05", "TZ", "UTC",
      "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8");

  /** What a program under test did: its exit status and output. */
  record Outcome(int status, byte[] stdout, byte[] stderr) {}

  /** Runs a command line (program name first) in a working directory with an environment. */
  interface Runner {
    Outcome run(List<String> command, Path workingDirectory, Map<String, String> environment) throws Exception;
  }

  static Path root() {
    return Vector.testdata().resolve("analysis-vectors");
  }

  static AnalysisCase named(String name) {
    return new AnalysisCase(name, root().resolve(name));
  }

  /** The cases whose program is naicreport. */
  static List<AnalysisCase> naicreport() {
    try (Stream<Path> cases = Files.list(root())) {
      return cases.filter(dir -> Files.isRegularFile(dir.resolve("cmd"))).sorted()
          .map(dir -> new AnalysisCase(dir.getFileName().toString(), dir))
          .filter(c -> c.command().get(0).equals("naicreport")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command line of {@code cmd}, split into words as bash splits it. */
  List<String> command() {
    return ShellWords.split(read(directory.resolve("cmd")).strip());
  }

  /**
   * Runs the case in a copy under scratch and checks everything the README compares.
   *
   * @param scratch an empty directory of the test's own
   */
  void runAndCheck(Runner runner, Path scratch) throws Exception {
    Path copy = scratch.resolve(name);
    copyTree(directory, copy);
    Path trees = Files.createSymbolicLink(scratch.resolve("trees"), root().resolve("trees").toAbsolutePath());
    try {
      check(runner, copy);
    } finally {
      Files.delete(trees);
    }
  }

  private void check(Runner runner, Path copy) throws Exception {
    Path out = copy.resolve("out");
    Files.createDirectories(out);
    if (Files.isDirectory(directory.resolve("init"))) {
      copyTree(directory.resolve("init"), out);
    }
    Outcome outcome = runner.run(command(), copy, ENVIRONMENT);

    Mask mask = Files.exists(directory.resolve("mask")) ? Mask.parse(read(directory.resolve("mask"))) : Mask.none();
    Set<String> unordered = Files.exists(directory.resolve("unordered"))
        ? Set.copyOf(read(directory.resolve("unordered")).lines().toList()) : Set.of();
    String expectedExit = Files.exists(directory.resolve("exit")) ? read(directory.resolve("exit")).strip() : "0";
    String stderr = new String(outcome.stderr(), StandardCharsets.UTF_8);
    assertThat(Integer.toString(outcome.status())).as(name + ": exit status (stderr: " + stderr + ")")
        .isEqualTo(expectedExit);
    assertThat(compared("stdout", new String(outcome.stdout(), StandardCharsets.UTF_8), mask, unordered))
        .as(name + ": stdout").isEqualTo(compared("stdout", readOrEmpty(directory.resolve("expected.out")), mask, unordered));
    assertThat(compared("stderr", stderr, mask, unordered))
        .as(name + ": stderr").isEqualTo(compared("stderr", readOrEmpty(directory.resolve("expected.err")), mask, unordered));

    Map<String, String> written = files(out);
    Map<String, String> expected = Files.isDirectory(directory.resolve("expected"))
        ? files(directory.resolve("expected")) : Map.of();
    assertThat(written.keySet()).as(name + ": the files in out/").isEqualTo(expected.keySet());
    for (String file : expected.keySet()) {
      assertThat(compared(file, written.get(file), mask, unordered)).as(name + ": out/" + file)
          .isEqualTo(compared(file, expected.get(file), mask, unordered));
    }
  }

  private static String compared(String what, String text, Mask mask, Set<String> unordered) {
    String masked = mask.apply(text);
    if (!unordered.contains(what)) {
      return masked;
    }
    // sort(1) in the C.UTF-8 locale: byte order, which for UTF-8 is code point order.
    String[] lines = masked.split("\n");
    Arrays.sort(lines, (a, b) -> Arrays.compare(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    return String.join("\n", lines) + "\n";
  }

  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString(), read(file));
      }
    }
    return files;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(from)) {
      paths = new ArrayList<>(walk.toList());
    }
    for (Path path : paths) {
      Path target = to.resolve(from.relativize(path).toString());
      if (Files.isDirectory(path)) {
        Files.createDirectories(target);
      } else {
        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        target.toFile().setWritable(true, true);
      }
    }
  }

  private static String readOrEmpty(Path file) {
    return Files.exists(file) ? read(file) : "";
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
