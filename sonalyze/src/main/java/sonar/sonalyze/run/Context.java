package sonar.sonalyze.run;

import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;
import sonar.sonalyze.cli.Command;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.config.ConfigFile;
import sonar.sonalyze.config.NodeConfig;
import sonar.sonalyze.data.Problems;
import sonar.sonalyze.output.Fields;
import sonar.sonalyze.output.Format;

/**
 * What a command run is given: its command line, the environment and the time (both injected), where
 * to write, where to report problems, and the worker threads (null until the run starts).
 *
 * @param from the {@code --from} time in nanoseconds, or null
 * @param to the {@code --to} time, or null
 */
public record Context(Command command, ParsedFlags flags, Map<String, String> env, long now, Long from, Long to,
    Writer out, Problems problems, Workers workers) {

  /** The same context, with the workers that will run it. */
  public Context with(Workers threads) {
    return new Context(command, flags, env, now, from, to, out, problems, threads);
  }

  /**
   * The {@code --fmt} given, or the fields' default, parsed.
   *
   * @throws Failure when it names no field
   */
  public <T> Format format(Fields<T> fields) {
    String spec = flags.value("fmt");
    try {
      return Format.parse(spec == null ? fields.defaults() : spec, fields);
    } catch (IllegalArgumentException e) {
      throw new Failure(e.getMessage());
    }
  }

  /**
   * The {@code --config-file}'s nodes, or null when none was given.
   *
   * @throws Failure naming the file and what is wrong with it
   */
  public Map<String, NodeConfig> config() {
    String file = flags.value("config-file");
    if (file == null) {
      return null;
    }
    try {
      return ConfigFile.read(Path.of(file));
    } catch (IllegalArgumentException e) {
      throw new Failure(e.getMessage());
    }
  }
}
