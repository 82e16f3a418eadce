package sonar.exfiltrate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The launcher, {@code bin/exfiltrate}, run as cron runs it: an environment of the test's making (PATH
 * holds only the tools it names), stdin from the test, stdout and stderr to files (not a terminal).
 * Not thread-safe.
 */
public final class Launch {

  /** What the launcher runs besides java. */
  private static final List<String> TOOLS = List.of("bash", "cat", "cksum", "date", "head", "mkdir", "mktemp", "mv",
      "readlink", "rm", "sed", "sleep", "sync", "tail", "touch");

  private final Path dir;
  private final Map<String, String> environment = new HashMap<>();
  private List<String> prefix = List.of();

  /** @param dir where the tools directory and the output files go */
  public Launch(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    environment.put("PATH", tools(dir.resolve("tools")).toString());
    environment.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
  }

  /** The launcher of this source tree. */
  public static Path script() {
    return Path.of("").toAbsolutePath().getParent().resolve("bin/exfiltrate");
  }

  /** A directory of links to the tools the launcher needs, and no java. */
  public static Path tools(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String tool : TOOLS) {
      Path link = dir.resolve(tool);
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, which(tool));
      }
    }
    return dir;
  }

  /** Puts the java of the tests' JVM on PATH, after the tools. */
  public Launch withJava() throws IOException {
    Path java = Files.createDirectories(dir.resolve("java"));
    if (!Files.exists(java.resolve("java"))) {
      Files.createSymbolicLink(java.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    }
    environment.put("PATH", environment.get("PATH") + ":" + java);
    return this;
  }

  public Launch env(String name, String value) {
    if (value == null) {
      environment.remove(name);
    } else {
      environment.put(name, value);
    }
    return this;
  }

  public String env(String name) {
    return environment.get(name);
  }

  /** Runs the command through this prefix, such as one that changes the user. */
  public Launch via(List<String> command) {
    prefix = List.copyOf(command);
    return this;
  }

  /** Starts a launcher script with these arguments and input, without waiting for it. */
  public Process start(Path launcher, byte[] input, String... args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(which("bash").toString());
    command.add(launcher.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input);
    } catch (IOException e) {
      // It did not read its input, as when it fails at once.
    }
    return process;
  }

  /** Runs a launcher script to its end. */
  public Exfiltrate run(Path launcher, byte[] input, String... args) throws IOException, InterruptedException {
    Process process = start(launcher, input, args);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the launcher did not end within 120 s");
    }
    return new Exfiltrate(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
  }

  public Exfiltrate run(byte[] input, String... args) throws IOException, InterruptedException {
    return run(script(), input, args);
  }

  private static Path which(String tool) {
    for (String directory : System.getenv("PATH").split(":")) {
      Path candidate = Path.of(directory, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no " + tool + " on PATH");
  }
}
