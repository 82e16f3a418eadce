package sonar.exfiltrate.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.Launch;

/**
 * How the launcher fails: one line that says what was tried and what to do, exit status 1, never
 * silence; and under cron, sonar's output kept in the spool for a run that can send it. Regression: with
 * no java on cron's PATH, or a wrong JAVA_HOME, the launcher exited 1 and printed nothing.
 */
class LauncherTest {

  private static final String INSTALL_HINT = "install Java 17 or later (apt-get install openjdk-17-jre-headless) "
      + "or use the node package, which brings its own";
  private static final byte[] INPUT = "v=0.7.0,time=2024-03-01T09:55:00+00:00,host=n1,user=u,cmd=a\n"
      .getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  private Launch launch;
  private String cron;

  @BeforeEach
  void setUp() throws Exception {
    // The jar is not needed to fail for want of Java; it must only exist.
    Path jar = Files.writeString(dir.resolve("exfiltrate.jar"), "not read");
    launch = new Launch(dir.resolve("launch")).env("EXFILTRATE_JAR", jar.toString());
    cron = "for cron, in the crontab line: JAVA_HOME=/usr/lib/jvm/... " + Launch.script() + " ...";
  }

  @Test
  void withNoJavaOnPathSaysWhichPathItSearchedAndHowToSetJavaHome() throws Exception {
    Exfiltrate run = launch.run(INPUT, "-help");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("exfiltrate: no java on PATH (" + launch.env("PATH") + "): " + INSTALL_HINT
        + "; or set JAVA_HOME to a Java 17 or later installation (" + cron + ")\n");
  }

  @Test
  void withAJavaHomeWithoutJavaSaysSo() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("not-a-jdk"));
    Exfiltrate run = launch.env("JAVA_HOME", empty.toString()).run(INPUT, "-help");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("exfiltrate: JAVA_HOME is " + empty + ", which has no bin/java: set JAVA_HOME to"
        + " a Java 17 or later installation (" + cron + "), or unset it to use java on PATH\n");
  }

  @Test
  void withAJavaTooOldSaysWhichJavaItFoundByItsReleaseFile() throws Exception {
    Path jdk = fakeJava("jdk-11", "11.0.2");
    Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"11.0.2\"\nIMPLEMENTOR=\"Oracle Corporation\"\n");

    Exfiltrate run = launch.env("JAVA_HOME", jdk.toString()).run(INPUT, "-help");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("exfiltrate: " + jdk.resolve("bin/java") + " is Java 11.0.2 (Oracle Corporation),"
        + " and exfiltrate needs Java 17 or later: " + INSTALL_HINT
        + "; or set JAVA_HOME to a Java 17 or later installation (" + cron + ")\n");
  }

  @Test
  void withAJavaTooOldAndNoReleaseFileAsksItsVersionOnPath() throws Exception {
    Path jdk = fakeJava("jre-8", "1.8.0_292");
    Path path = Files.createDirectories(dir.resolve("path"));
    Files.createSymbolicLink(path.resolve("java"), jdk.resolve("bin/java"));
    Exfiltrate run = launch.env("PATH", launch.env("PATH") + ":" + path).run(INPUT, "-help");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("exfiltrate: " + path.resolve("java") + " is Java 1.8.0_292, and exfiltrate needs"
        + " Java 17 or later: " + INSTALL_HINT + "; or set JAVA_HOME to a Java 17 or later installation (" + cron
        + ")\n");
  }

  @Test
  void underCronKeepsSonarsOutputInTheSpoolForARunThatFindsJava() throws Exception {
    Path spool = dir.resolve("spool");
    Exfiltrate run = launch.run(INPUT, "-window", "300", "-cluster", "ml", "-target", "http://127.0.0.1:1",
        "-spool-dir", spool.toString());

    assertThat(run.status()).isEqualTo(1);
    List<Path> inputs = files(spool);
    assertThat(inputs).hasSize(1);
    assertThat(inputs.get(0).getFileName().toString()).matches("\\d{13}-\\d{7}-000000\\.input");
    assertThat(run.err()).isEqualTo("exfiltrate: no java on PATH (" + launch.env("PATH") + "): " + INSTALL_HINT
        + "; or set JAVA_HOME to a Java 17 or later installation (" + cron + "); sonar's output of this run waits in "
        + inputs.get(0) + " for the first run that can send it\n");
    assertThat(Files.readString(inputs.get(0))).isEqualTo("exfiltrate-input output=json cluster=ml\n"
        + new String(INPUT, StandardCharsets.UTF_8));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool))).isEqualTo("rwx------");
  }

  @Test
  void withoutItsJarSaysWhereToPutIt() throws Exception {
    Path alone = Files.copy(Launch.script(), Files.createDirectories(dir.resolve("alone")).resolve("exfiltrate"));
    Exfiltrate run = launch.env("EXFILTRATE_JAR", null).run(alone, INPUT, "-help");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("exfiltrate: exfiltrate.jar is not beside " + alone
        + ": copy it there (the administrator's guide, \"exfiltrate, the sender\")\n");
  }

  /** A stand-in for a Java installation: bin/java prints the version line as java -version does. */
  private Path fakeJava(String name, String version) throws Exception {
    Path jdk = Files.createDirectories(dir.resolve(name).resolve("bin")).getParent();
    Path java = Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\necho 'openjdk version \"" + version
        + "\" 2019-01-15' >&2\nexit 0\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return jdk;
  }

  private static List<Path> files(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> !file.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }
}
