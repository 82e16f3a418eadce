package sonar.sonalyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sonar.testkit.AnalysisCase;
import sonar.testkit.Vector;

/**
 * {@code bin/sonalyze} as cron runs it: the seed's cpuhog.sh and deadweight.sh command lines unchanged,
 * in the case's folder, print what the reference printed; a missing or old java is one line of advice.
 */
class LauncherIT {

  private static final Path LAUNCHER = Vector.testdata().getParent().resolve("bin/sonalyze");

  @TempDir
  Path home;

  /** What bin/sonalyze printed and its status. */
  private record Run(int status, String out, String err) {}

  @ParameterizedTest
  @ValueSource(strings = {"cpuhog", "deadweight"})
  void runsTheCronCommandLinesUnchanged(String name) throws Exception {
    AnalysisCase reference = AnalysisCase.of("sonalyze").stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow();
    List<String> command = new ArrayList<>(reference.words());
    command.set(0, LAUNCHER.toString());

    Run run = run(command, reference.directory(), Map.of());

    assertThat(run.err()).isEmpty();
    assertThat(reference.normalized("stdout", run.out())).isEqualTo(reference.normalized("stdout",
        reference.expectedOut()));
    assertThat(run.status()).isZero();
  }

  @Test
  void saysWhichJavaItTriedWhenThereIsNone() throws Exception {
    Run run = run(List.of(LAUNCHER.toString(), "version"), home, Map.of("JAVA_HOME",
        home.resolve("no-jdk").toString()));

    assertThat(run.err()).isEqualTo("sonalyze: no java found (tried \"" + home.resolve("no-jdk/bin/java")
        + "\"); install Java 17 or later, or set JAVA_HOME to a JDK's directory\n");
    assertThat(run.status()).isEqualTo(1);
  }

  @Test
  void refusesAJavaOlderThan17InOneLine() throws Exception {
    Path jdk = home.resolve("jdk11");
    Files.createDirectories(jdk.resolve("bin"));
    Path java = Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\necho should not run >&2\nexit 3\n");
    java.toFile().setExecutable(true);
    Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"11.0.2\"\n");

    Run run = run(List.of(LAUNCHER.toString(), "version"), home, Map.of("JAVA_HOME", jdk.toString()));

    assertThat(run.err()).isEqualTo("sonalyze: " + java + " is Java 11.0.2, too old; install Java 17 or later, "
        + "or set JAVA_HOME to a JDK 17 or later\n");
    assertThat(run.status()).isEqualTo(1);
  }

  @Test
  void takesTheJvmOptionsOfJavaOpts() throws Exception {
    Run run = run(List.of(LAUNCHER.toString(), "version"), home, Map.of("JAVA_OPTS", "-Xmx48m -Xss2m"));

    assertThat(run.out()).isEqualTo(Sonalyze.VERSION_LINE + "\n");
    assertThat(run.status()).isZero();
  }

  @Test
  void printsTheUsageErrorOfABadFlagInOneLineWithStatus2() throws Exception {
    Run run = run(List.of(LAUNCHER.toString(), "jobs", "--no-such-flag"), home, Map.of());

    assertThat(run.err()).isEqualTo("sonalyze: unknown flag --no-such-flag for jobs\n");
    assertThat(run.out()).isEmpty();
    assertThat(run.status()).isEqualTo(2);
  }

  private Run run(List<String> command, Path directory, Map<String, String> extra) throws IOException,
      InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    Map<String, String> env = builder.environment();
    String javaHome = System.getProperty("java.home");
    env.clear();
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", home.toString());
    env.put("JAVA_HOME", javaHome);
    env.putAll(AnalysisCase.ENVIRONMENT);
    env.putAll(extra);
    Path out = home.resolve("out.txt");
    Path err = home.resolve("err.txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
        Path.of("/dev/null").toFile()));
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("bin/sonalyze finished").isTrue();
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
