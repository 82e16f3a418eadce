package sonar.exfiltrate.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sonar.testkit.InfiltrateProcess;
import sonar.testkit.Trees;

/**
 * Our data logger in a process of its own, started by its command line as an operator starts it
 * ({@code -data-path}, {@code -port}, {@code -auth-file}), storing under a directory of the test's. Stopped
 * with SIGTERM, after which its files are complete.
 */
public final class Infiltrate implements AutoCloseable {

  private static final Duration STOP_TIME = Duration.ofSeconds(30);

  private final Path data;
  private final InfiltrateProcess process;

  /**
   * @param port 0 for any free one, which the server binds itself
   * @param userPassword null to accept everyone, else the one allowed {@code user:password}
   */
  public Infiltrate(Path data, int port, String userPassword) throws IOException, InterruptedException {
    this.data = Files.createDirectories(data);
    List<String> args = new ArrayList<>(List.of("-data-path", data.toString(), "-port", Integer.toString(port)));
    if (userPassword != null) {
      Path auth = Files.writeString(data.resolveSibling(data.getFileName() + "-auth"), userPassword + "\n");
      args.addAll(List.of("-auth-file", auth.toString()));
    }
    process = InfiltrateProcess.start(args.toArray(new String[0]));
  }

  public String url() {
    return process.url();
  }

  public int port() {
    return process.port();
  }

  /** Stops the server in order, or kills it if it does not stop in time. */
  @Override
  public void close() {
    stop();
  }

  /**
   * The data files, once the server has stopped in order and said that they hold everything it
   * acknowledged: killed, it may not have written the last ones yet (they wait in its journal).
   */
  public Map<String, byte[]> tree() {
    int status = stop();
    List<String> log = process.stderr();
    if (status != 0 || log.isEmpty() || !log.get(log.size() - 1).endsWith(" INFO stopped; all data stored")) {
      throw new IllegalStateException("infiltrate did not stop in order (exit status " + status
          + "), so its files may lack data it acknowledged: " + String.join("\n", log));
    }
    return Trees.read(data);
  }

  /** Stops the server in order, unless it has stopped already; returns its exit status. */
  private int stop() {
    if (process.isAlive()) {
      try {
        if (process.stop(STOP_TIME) < 0) {
          process.close();
        }
      } catch (IOException e) {
        process.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.close();
      }
    }
    return process.exitValue();
  }

  /**
   * A port that nothing listens on, for a server that is down or not yet started: the sender's tests
   * that spool first and start the server later need its address before it exists.
   */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
