package sonar.naicreport.sonalyze;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a sonalyze program as a child process for each command, as the reference does with
 * {@code -sonalyze PATH}: in naicreport's working directory, with its environment, stdin empty, stdout
 * and stderr captured whole. Thread-safe: each call is its own process.
 */
public final class ExternalSonalyze implements SonalyzeRunner {

  private final Path program;
  private final Path workingDirectory;
  private final Map<String, String> environment;

  public ExternalSonalyze(Path program, Path workingDirectory, Map<String, String> environment) {
    this.program = program;
    this.workingDirectory = workingDirectory;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public String run(List<String> arguments, PrintStream warnings) throws SonalyzeException {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SonalyzeException("cannot run " + program + ": " + e.getMessage(), e);
    }
    // stderr is drained beside stdout, so that neither pipe fills up and stalls the child.
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    Thread errorReader = new Thread(() -> copy(process.getErrorStream(), stderr), "sonalyze-stderr");
    errorReader.start();
    try {
      byte[] stdout = process.getInputStream().readAllBytes();
      int status = process.waitFor();
      errorReader.join();
      String said = stderr.toString(StandardCharsets.UTF_8);
      if (status != 0) {
        throw SonalyzeException.failed(program.toString(), arguments, status, said);
      }
      Warnings.pass(said, warnings);
      return new String(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      process.destroyForcibly();
      throw new SonalyzeException("cannot read the output of " + program + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SonalyzeException("interrupted while " + program + " ran", e);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException e) {
      // The pipe broke because the child is gone; its exit status tells the caller what happened.
    }
  }
}
