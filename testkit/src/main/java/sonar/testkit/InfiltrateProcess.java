package sonar.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * infiltrate in a process of its own, as an operator runs it, from the test's class path (which must hold
 * infiltrate's classes): for signals, kill -9 and exit statuses, and as the server of the sender's tests.
 * Started on {@code -port 0}, it binds any free port itself and the port is read from its "listening on
 * port" line, so no other program can take the port between choosing and binding it.
 */
public final class InfiltrateProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("infiltrate listening on port (\\d+)");

  private final Process process;
  private final List<String> stderr = new ArrayList<>();
  private int port = -1;

  /** @param environment added to this process's, and over the UTF-8 locale that bin/infiltrate sets too */
  private InfiltrateProcess(List<String> args, Map<String, String> environment) throws IOException {
    this(List.of("-Xmx256m"), args, environment);
  }

  /** @param jvmOptions the JVM's options, heap and collector among them */
  private InfiltrateProcess(List<String> jvmOptions, List<String> args, Map<String, String> environment)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of(
        "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"), "sonar.infiltrate.Main"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().putAll(environment);
    process = builder.start();
    Thread reader = new Thread(this::readStderr, "server-stderr");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the server and waits until it listens. */
  public static InfiltrateProcess start(String... args) throws IOException, InterruptedException {
    return start(Map.of(), args);
  }

  /** Starts the server with more environment variables, and waits until it listens. */
  public static InfiltrateProcess start(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    return started(new InfiltrateProcess(List.of(args), environment));
  }

  /** Starts the server with the given JVM options in place of a 256 MiB heap, and waits until it listens. */
  public static InfiltrateProcess startWithJvmOptions(List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    return started(new InfiltrateProcess(jvmOptions, List.of(args), Map.of()));
  }

  private static InfiltrateProcess started(InfiltrateProcess server) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    synchronized (server) {
      while (server.port < 0 && server.process.isAlive() && System.nanoTime() < deadline) {
        server.wait(50);
      }
    }
    if (server.port < 0) {
      server.close();
      throw new IOException("server did not start: " + server.stderr());
    }
    return server;
  }

  /** Runs the program to its end, as for a startup that should fail. */
  public static InfiltrateProcess run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  /** Runs the program to its end with more environment variables. */
  public static InfiltrateProcess run(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    InfiltrateProcess server = new InfiltrateProcess(List.of(args), environment);
    if (!server.process.waitFor(30, TimeUnit.SECONDS)) {
      server.close();
      throw new IOException("still running: " + server.stderr());
    }
    server.drainStderr();
    return server;
  }

  private void readStderr() {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        synchronized (this) {
          stderr.add(line);
          Matcher listening = LISTENING.matcher(line);
          if (listening.find()) {
            port = Integer.parseInt(listening.group(1));
          }
          notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended; what it wrote so far is kept.
    }
    synchronized (this) {
      stderr.add(null); // end marker
      notifyAll();
    }
  }

  private synchronized void drainStderr() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!stderr.contains(null) && System.nanoTime() < deadline) {
      wait(50);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** What the process wrote to stderr so far, one entry per line. */
  public synchronized List<String> stderr() {
    return stderr.stream().filter(line -> line != null).toList();
  }

  /** Sends a signal by name (TERM, HUP, KILL, STOP, CONT). */
  public void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
  }

  /** Waits for the process to end; returns its exit status, or -1 if it did not end in time. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return -1;
    }
    drainStderr();
    return process.exitValue();
  }

  public int exitValue() {
    return process.exitValue();
  }

  /**
   * Stops the server in order (SIGTERM) and waits for it: it answers what is in flight and writes every
   * request it answered 200 to its data file, which its last log line confirms ("stopped; all data
   * stored"; a file it could not write waits in the journal, and that line says so instead). Read the
   * data files after this, not after {@link #close}. Returns the exit status, or -1 if it did not end in
   * time.
   */
  public int stop(Duration timeout) throws IOException, InterruptedException {
    signal("TERM");
    return waitFor(timeout);
  }

  /**
   * Kills the process (-9) if it still runs. The server answers 200 once a request is in its forced
   * journal and writes the data file a moment later, so after a kill the files may lack the last requests
   * answered (the next start writes them from the journal): a test that reads them stops it first.
   */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
