package sonar.naicreport.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import sonar.testkit.AnalysisCase;

/**
 * Runs a naicreport case of the analysis vectors as their README says, in a copy of the case folder
 * beside the shared trees, with {@code out/} filled from {@code init/}, and checks its exit status,
 * stdout, stderr and the files it left in {@code out/}, each normalized by the case's rules.
 */
final class NaicreportCase {

  /** What a naicreport under test did. */
  record Outcome(int status, String stdout, String stderr) {}

  /** Runs naicreport's arguments (the words after the program name) in a working directory. */
  interface Runner {
    Outcome run(List<String> args, Path workingDirectory) throws Exception;
  }

  private NaicreportCase() {}

  /** @param scratch an empty directory of the test's own */
  static void runAndCheck(AnalysisCase reference, Runner runner, Path scratch) throws Exception {
    Path copy = scratch.resolve(reference.name());
    copyTree(reference.directory(), copy);
    Path trees = Files.createSymbolicLink(scratch.resolve("trees"),
        reference.directory().resolveSibling("trees").toAbsolutePath());
    try {
      Path out = Files.createDirectories(copy.resolve("out"));
      if (Files.isDirectory(reference.directory().resolve("init"))) {
        copyTree(reference.directory().resolve("init"), out);
      }
      List<String> words = reference.words();
      Outcome outcome = runner.run(words.subList(1, words.size()), copy);

      assertThat(outcome.status()).as(reference + ": exit status (stderr: " + outcome.stderr() + ")")
          .isEqualTo(reference.expectedExit());
      assertThat(reference.normalized("stdout", outcome.stdout())).as(reference + ": stdout")
          .isEqualTo(reference.normalized("stdout", reference.expectedOut()));
      assertThat(reference.normalized("stderr", outcome.stderr())).as(reference + ": stderr")
          .isEqualTo(reference.normalized("stderr", reference.expectedErr()));
      Map<String, String> written = files(out);
      Path expectedDirectory = reference.directory().resolve("expected");
      Map<String, String> expected = Files.isDirectory(expectedDirectory) ? files(expectedDirectory) : Map.of();
      assertThat(written.keySet()).as(reference + ": the files in out/").isEqualTo(expected.keySet());
      for (String file : expected.keySet()) {
        assertThat(reference.normalized(file, written.get(file))).as(reference + ": out/" + file)
            .isEqualTo(reference.normalized(file, expected.get(file)));
      }
    } finally {
      Files.delete(trees);
    }
  }

  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(from)) {
      paths = walk.toList();
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
}
