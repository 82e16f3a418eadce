package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.exfiltrate.testing.Launch;
import sonar.exfiltrate.testing.ScriptedServer;
import sonar.testkit.Certificates;

/**
 * The node package, target/exfiltrate-node.tar.gz, unpacked on a "node" without Java: its launcher runs
 * the sender on the runtime it brings, over HTTP and HTTPS, and makes its startup archive beside itself.
 */
class NodePackageIT {

  @TempDir
  Path dir;

  @Test
  void runsWithTheJavaItBringsWhereNoneIsInstalled() throws Exception {
    Path node = unpack();
    Path launcher = node.resolve("exfiltrate/exfiltrate");
    Launch launch = new Launch(dir.resolve("launch")); // PATH without java, HOME of its own

    try (ScriptedServer server = ScriptedServer.http()) {
      Exfiltrate run = launch.run(launcher, Runner.readings(1, 25).getBytes(StandardCharsets.UTF_8), "-window", "0",
          "-cluster", "cl1", "-target", server.url(), "-spool-dir", dir.resolve("spool").toString());

      assertThat(run.err()).isEmpty();
      assertThat(run.status()).isZero();
      assertThat(server.requests()).extracting(request -> SpoolRunsTest.pids(request.text()))
          .containsExactly("1-10", "11-20", "21-25");
    }
    Path archive = awaitArchive(node.resolve("exfiltrate"));
    assertThat(archive.getFileName().toString()).matches("exfiltrate-\\d+-\\d+-\\d+\\.(jsa|aot)");
  }

  @Test
  void itsRuntimeSpeaksTlsWithAPrivateCa() throws Exception {
    Path node = unpack();
    Certificates.Authority ca = Certificates.authority("Site CA");
    Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
    try (ScriptedServer server = ScriptedServer.https(TlsTest.serverContext(ca))) {
      Exfiltrate run = new Launch(dir.resolve("launch")).run(node.resolve("exfiltrate/exfiltrate"),
          Runner.readings(1, 3).getBytes(StandardCharsets.UTF_8), "-window", "0", "-cluster", "cl1", "-target",
          server.url(), "-ca-cert", caFile.toString(), "-spool-dir", dir.resolve("spool").toString());

      assertThat(run.err()).isEmpty();
      assertThat(run.status()).isZero();
      assertThat(server.requests()).hasSize(1);
    }
    awaitArchive(node.resolve("exfiltrate")); // the training run in the background writes there till then
  }

  @Test
  void itsRuntimeHoldsOnlyTheModulesTheSenderNeeds() throws Exception {
    Path node = unpack();
    Process process = new ProcessBuilder(node.resolve("exfiltrate/runtime/bin/java").toString(), "--list-modules")
        .redirectErrorStream(true).start();
    String modules = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(modules.lines().map(line -> line.replaceAll("@.*", "")))
        .containsExactlyInAnyOrder("java.base", "java.logging", "jdk.crypto.ec");
  }

  private Path unpack() throws Exception {
    Path tarball = Path.of("target", "exfiltrate-node.tar.gz").toAbsolutePath();
    assertThat(tarball).exists();
    Path node = Files.createDirectories(dir.resolve("node"));
    Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", node.toString()).inheritIO().start();
    assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();
    return node;
  }

  /**
   * The archive a run's training makes in the background, once there and no longer being written;
   * polled with a deadline.
   */
  static Path awaitArchive(Path directory) throws Exception {
    return awaitArchiveOtherThan(directory, null);
  }

  /** As {@link #awaitArchive(Path)}, for an archive other than old. */
  static Path awaitArchiveOtherThan(Path directory, Path old) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      try (var files = Files.list(directory)) {
        List<String> names = files.map(file -> file.getFileName().toString()).toList();
        String archive = names.stream().filter(name -> name.matches("exfiltrate-.*\\.(jsa|aot)")
            && (old == null || !name.equals(old.getFileName().toString()))).findFirst().orElse(null);
        if (archive != null && names.stream().noneMatch(name -> name.endsWith(".tmp") || name.endsWith(".config"))) {
          return directory.resolve(archive);
        }
      }
      Thread.sleep(100); // polling for the background training run, with a deadline
    }
    throw new AssertionError("no new startup archive in " + directory + " within 120 s");
  }
}
