package sonar.sonalyze.run;

import java.io.Writer;
import java.util.Map;
import sonar.sonalyze.cli.Command;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.data.Problems;

/**
 * What a command run is given: its command line, the environment and the time (both injected), where
 * to write, where to report problems, and the worker threads.
 *
 * @param from the {@code --from} time in nanoseconds, or null
 * @param to the {@code --to} time, or null
 */
public record Context(Command command, ParsedFlags flags, Map<String, String> env, long now, Long from, Long to,
    Writer out, Problems problems, Workers workers) {}
