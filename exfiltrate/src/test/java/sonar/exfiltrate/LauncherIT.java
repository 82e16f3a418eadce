package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.Launch;
import sonar.exfiltrate.testing.ScriptedServer;

/**
 * The launcher on the built jar, as cron runs it: stdin spooled before the random wait, which the
 * shell waits rather than a JVM; flags the JVM refuses after the wait; the startup archive named by
 * what it was made from; and runs without a home directory.
 */
class LauncherIT {

  private static final byte[] INPUT = Runner.readings(1, 15).getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  /** Regression: the JVM waited the random time itself, holding 40 MiB and 13 threads all the while. */
  @Test
  void underCronStdinIsSpooledBeforeTheWaitWhichTheShellWaitsAndAKillThenLosesNothing() throws Exception {
    Path install = install();
    Path spool = dir.resolve("spool");
    Launch launch = new Launch(dir.resolve("launch")).withJava();
    try (ScriptedServer server = ScriptedServer.http()) {
      // A window of 10^7 s: the wait outlasts the test but for a chance of one in a million.
      Process run = launch.start(install.resolve("exfiltrate"), INPUT, "-window", "10000000", "-cluster", "cl1",
          "-target", server.url(), "-spool-dir", spool.toString());
      Path input = awaitInput(spool);

      assertThat(Files.readString(input)).isEqualTo("exfiltrate-input output=json cluster=cl1\n"
          + new String(INPUT, StandardCharsets.UTF_8));
      // The JVM takes the launcher's place (exec) only after the wait: until then it is the shell, waiting.
      awaitSleep(run);
      assertThat(run.info().command()).hasValueSatisfying(command -> assertThat(command).endsWith("bash"));
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly(); // SIGKILL in the wait
      assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(server.requests()).isEmpty();

      Exfiltrate next = launch.run(install.resolve("exfiltrate"), new byte[0], "-window", "0", "-cluster", "cl1",
          "-target", server.url(), "-spool-dir", spool.toString());

      assertThat(next.err()).isEmpty();
      assertThat(next.status()).isZero();
      assertThat(server.requests()).extracting(request -> SpoolRunsTest.pids(request.text()))
          .containsExactly("1-10", "11-15");
    }
    NodePackageIT.awaitArchive(install); // the training run in the background writes there till then
  }

  @Test
  void aFlagTheJvmRefusesAfterTheWaitExitsTwoAndLeavesNothingSpooled() throws Exception {
    Path install = install();
    Path spool = dir.resolve("spool");
    Exfiltrate run = new Launch(dir.resolve("launch")).withJava().run(install.resolve("exfiltrate"), INPUT,
        "-window", "1", "-cluster", "cl1", "-target", "http://127.0.0.1:1", "-spool-dir", spool.toString(),
        "-max-time", "0");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("exfiltrate: -max-time must be 1 or more seconds, not 0\nusage: exfiltrate ");
    assertThat(EndToEndTest.spoolFiles(spool)).isEmpty();
    NodePackageIT.awaitArchive(install); // the training run in the background writes there till then
  }

  /**
   * Regression: the archive was judged by modification times, so a jar copied with its old time (rsync
   * -a, cp -p, tar) kept an archive the JVM rejected, and every run paid for it unnoticed.
   */
  @Test
  void theStartupArchiveIsMadeAgainForAChangedJarWhateverItsTime() throws Exception {
    Path install = install();
    Launch launch = new Launch(dir.resolve("launch")).withJava();
    assertThat(launch.run(install.resolve("exfiltrate"), new byte[0], "-help").status()).isZero();
    Path first = NodePackageIT.awaitArchive(install);

    Path jar = install.resolve("exfiltrate.jar");
    rewriteWithAnotherEntry(jar);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2020-01-01T00:00:00Z"))); // as rsync -a leaves it
    assertThat(launch.run(install.resolve("exfiltrate"), new byte[0], "-help").status()).isZero();
    Path second = NodePackageIT.awaitArchiveOtherThan(install, first);

    assertThat(first).doesNotExist();
    assertThat(second.getFileName().toString()).isNotEqualTo(first.getFileName().toString());
    // The new archive fits the new jar: with -Xshare:on, the JVM refuses to start on one that does not.
    Process check = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:on",
        "-XX:SharedArchiveFile=" + second, "-jar", jar.toString(), "-help").redirectErrorStream(true)
        .redirectOutput(dir.resolve("check").toFile()).start();
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(Files.readString(dir.resolve("check"))).isZero();
  }

  /**
   * Regression: with HOME unset there was never an archive; a user whose home did not exist got two
   * lines and status 1 from every run, though the data was sent.
   */
  @Test
  void aUserWithoutAHomeDirectoryNeitherFailsNorHearsOfIt() throws Exception {
    Path install = install();
    Files.setPosixFilePermissions(install, PosixFilePermissions.fromString("r-xr-xr-x")); // no archive beside the jar
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path spool = Files.createDirectories(dir.resolve("spool"));
    Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Launch launch = asAnotherUser(new Launch(dir.resolve("launch")).withJava()).env("TMPDIR", tmp.toString());
    try (ScriptedServer server = ScriptedServer.http()) {
      for (String home : new String[] {null, dir.resolve("nonesuch").toString()}) {
        Exfiltrate run = launch.env("HOME", home).run(install.resolve("exfiltrate"), INPUT, "-window", "0",
            "-cluster", "cl1", "-target", server.url(), "-spool-dir", spool.toString());

        assertThat(run.err()).as("HOME=%s", home).isEmpty();
        assertThat(run.status()).isZero();
      }
      assertThat(server.requests()).hasSize(4);
    }
    try (Stream<Path> caches = Files.list(tmp)) {
      Path cache = caches.filter(file -> file.getFileName().toString().startsWith("sonar-exfiltrate-cache-"))
          .findFirst().orElseThrow();
      NodePackageIT.awaitArchive(cache);
    }
  }

  /** A copy of the launcher and the built jar, as an installation on a node has them. */
  private Path install() throws IOException {
    Path install = Files.createDirectories(dir.resolve("install"));
    Files.copy(Launch.script(), install.resolve("exfiltrate"));
    Files.copy(Path.of("target", "exfiltrate.jar"), install.resolve("exfiltrate.jar"));
    Files.setPosixFilePermissions(install.resolve("exfiltrate"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(install.resolve("exfiltrate.jar"), PosixFilePermissions.fromString("rw-r--r--"));
    return install;
  }

  /** Runs as user nobody when the tests run as root (a home-less account is not root's case); else as is. */
  private static Launch asAnotherUser(Launch launch) throws IOException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return launch;
    }
    Path setpriv = Path.of("/usr/bin/setpriv");
    Assumptions.assumeTrue(Files.isExecutable(setpriv), "needs setpriv (util-linux) to run as another user");
    return launch.via(List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"));
  }

  private static Path awaitInput(Path spool) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<Path> inputs = EndToEndTest.spoolFiles(spool);
      if (!inputs.isEmpty()) {
        return inputs.get(0);
      }
      Thread.sleep(50); // polling for the launcher's rename, with a deadline
    }
    throw new AssertionError("nothing spooled in " + spool + " within 60 s");
  }

  private static void awaitSleep(Process launcher) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (launcher.descendants().anyMatch(process -> process.info().command().orElse("").endsWith("sleep"))) {
        return;
      }
      Thread.sleep(20); // polling for the launcher's wait, with a deadline
    }
    throw new AssertionError("the launcher did not wait within 60 s");
  }

  /** The jar with one more entry: other content, the same classes. */
  private static void rewriteWithAnotherEntry(Path jar) throws IOException {
    Path copy = jar.resolveSibling("rewritten.jar");
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        out.putNextEntry(new ZipEntry(entry.getName()));
        in.transferTo(out);
        out.closeEntry();
      }
      out.putNextEntry(new ZipEntry("META-INF/rebuilt.txt"));
      out.write("another build".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    Files.move(copy, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
