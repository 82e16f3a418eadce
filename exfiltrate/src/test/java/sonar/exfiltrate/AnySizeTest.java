package sonar.exfiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.exfiltrate.testing.ScriptedServer;

/**
 * Any input fits: the real program with a 16 MiB heap spools and sends inputs several times its heap,
 * reading, spooling and cutting them into batches as it goes. Regression: the sender read all of stdin
 * into memory and built every batch before spooling any; from 14 MB of input (with the launcher's 64 MiB
 * heap) it died of OutOfMemoryError and spooled nothing.
 */
class AnySizeTest {

  private static final String HEAP = "-Xmx16m";

  @TempDir
  Path dir;

  @Test
  void csvOutputOfFourTimesTheHeapIsSpooledAndSentWhole() throws Exception {
    long bytes = 64L << 20;
    try (ScriptedServer server = ScriptedServer.http().discarding()) {
      Written written = run(server, "csv", bytes);

      assertThat(server.bytesReceived()).isEqualTo(written.bytes());
      assertThat(server.requests()).hasSizeGreaterThan((int) (written.bytes() / (64 * 1024)));
    }
  }

  @Test
  void jsonOutputLargerThanTheHeapIsSpooledParsedAndSent() throws Exception {
    long bytes = 20L << 20; // more than the heap: a sender that kept it all, or its batches, would fail
    try (ScriptedServer server = ScriptedServer.http().discarding()) {
      Written written = run(server, "json", bytes);

      assertThat(server.requests()).hasSize((written.lines() + 9) / 10);
    }
  }

  /** Regression: a run that failed printed a Java stack trace, which cron mailed from every node. */
  @Test
  void aRunThatFailsSaysSoInOneLine() throws Exception {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx8m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "-window", "0", "-cluster", "cl1")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err").toFile()).start();
    try (OutputStream stdin = new BufferedOutputStream(process.getOutputStream(), 1 << 16)) {
      // One record of nearly 4 MiB: within what the sender reads, beyond what an 8 MiB heap parses.
      stdin.write(("v=0.7.0,time=2024-03-01T09:55:00+00:00,host=n1,user=u,cmd=" + "x".repeat(4_000_000) + "\n")
          .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The run failed before it read all of it.
    }
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("err"))).isEqualTo("exfiltrate: failed: java.lang.OutOfMemoryError: "
        + "Java heap space; what was spooled stays for the next run\n");
  }

  /** What was written to a run. */
  private record Written(long bytes, int lines) {}

  private Written run(ScriptedServer server, String output, long bytes) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "-window", "0", "-cluster", "cl1",
        "-target", server.url(), "-spool-dir", dir.resolve("spool").toString(), "-output", output)
        .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
    long written = 0;
    int lines = 0;
    try (OutputStream stdin = new BufferedOutputStream(process.getOutputStream(), 1 << 16)) {
      while (written < bytes) {
        byte[] line = Runner.readings(++lines, lines).getBytes(StandardCharsets.UTF_8);
        stdin.write(line);
        written += line.length;
      }
    }
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(dir.resolve("out"))).isEmpty();
    assertThat(process.exitValue()).isZero();
    assertThat(EndToEndTest.spoolFiles(dir.resolve("spool"))).isEmpty();
    return new Written(written, lines);
  }
}
