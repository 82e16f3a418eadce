package sonar.sonalyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sonar.testkit.AnalysisCase;

/**
 * Every sonalyze case of {@code testdata/analysis-vectors}, run in this JVM with the environment the
 * cases' README gives (not this process's), compared byte for byte with what the reference printed.
 */
class ReferenceCasesTest {

  /** Flags whose values are paths, relative to the case's folder like the files after {@code --}. */
  private static final Set<String> PATH_FLAGS = Set.of("--data-path", "--config-file");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T02:54:00Z"), ZoneOffset.UTC);

  static List<AnalysisCase> cases() {
    return AnalysisCase.of("sonalyze");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void printsWhatTheReferencePrinted(AnalysisCase reference) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>(AnalysisCase.ENVIRONMENT);
    env.put("HOME", reference.directory().resolve("no-home").toString());

    int status = Sonalyze.run(inCaseFolder(reference), env, CLOCK, out, err);

    assertThat(reference.normalized("stderr", err.toString(StandardCharsets.UTF_8)))
        .isEqualTo(reference.normalized("stderr", reference.expectedErr()));
    assertThat(reference.normalized("stdout", out.toString(StandardCharsets.UTF_8)))
        .isEqualTo(reference.normalized("stdout", reference.expectedOut()));
    assertThat(status).isEqualTo(reference.expectedExit());
  }

  /** The case's arguments with relative paths made absolute against its folder, as running there would. */
  static List<String> inCaseFolder(AnalysisCase reference) {
    List<String> words = reference.words();
    List<String> args = new ArrayList<>();
    boolean files = false;
    for (int i = 1; i < words.size(); i++) {
      String word = words.get(i);
      int eq = word.indexOf('=');
      if (files) {
        args.add(resolve(reference, word));
      } else if (word.equals("--")) {
        files = true;
        args.add(word);
      } else if (PATH_FLAGS.contains(word)) {
        args.add(word);
        args.add(resolve(reference, words.get(++i)));
      } else if (eq > 0 && PATH_FLAGS.contains(word.substring(0, eq))) {
        args.add(word.substring(0, eq + 1) + resolve(reference, word.substring(eq + 1)));
      } else {
        args.add(word);
      }
    }
    return args;
  }

  private static String resolve(AnalysisCase reference, String path) {
    return reference.directory().resolve(Path.of(path)).normalize().toString();
  }
}
