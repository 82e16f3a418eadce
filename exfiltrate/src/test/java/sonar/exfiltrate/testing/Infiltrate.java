package sonar.exfiltrate.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import sonar.testkit.Trees;

/**
 * Our data logger in a process of its own, started by its command line as an operator starts it
 * ({@code -data-path}, {@code -port}, {@code -auth-file}), storing under a directory of the test's. Stopped
 * with SIGTERM, after which its files are complete.
 */
public final class Infiltrate implements AutoCloseable {

  private static final Duration START_TIME = Duration.ofSeconds(30);

  private final Path data;
  private final Path log;
  private final int port;
  private final Process process;

  /**
   * @param port 0 for any free one
   * @param userPassword null to accept everyone, else the one allowed {@code user:password}
   */
  public Infiltrate(Path data, int port, String userPassword) throws IOException, InterruptedException {
    this.data = Files.createDirectories(data);
    this.port = port == 0 ? freePort() : port;
    this.log = data.resolveSibling(data.getFileName() + "-server.log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "sonar.infiltrate.Main",
        "-data-path", data.toString(), "-port", Integer.toString(this.port)));
    if (userPassword != null) {
      Path auth = Files.writeString(data.resolveSibling(data.getFileName() + "-auth"), userPassword + "\n");
      command.addAll(List.of("-auth-file", auth.toString()));
    }
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    awaitListening();
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIME.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException e) {
        Thread.sleep(50); // polling with a deadline: the server is starting
      }
    }
    close();
    throw new IOException("infiltrate did not start: " + Files.readString(log, StandardCharsets.UTF_8));
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Stops the server; its files are then complete. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: stop accepting, answer requests in flight, force and close the files
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /** The data files, once stopped. */
  public Map<String, byte[]> tree() {
    close();
    return Trees.read(data);
  }

  /** A port that nothing listens on, for a server that is down or not yet started. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
