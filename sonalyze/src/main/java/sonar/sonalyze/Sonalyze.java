package sonar.sonalyze;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import sonar.sonalyze.cli.Command;
import sonar.sonalyze.cli.FlagParser;
import sonar.sonalyze.cli.Help;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.cli.UsageException;
import sonar.sonalyze.cli.Values;
import sonar.sonalyze.data.Problems;
import sonar.sonalyze.jobs.JobsCommand;
import sonar.sonalyze.load.LoadCommand;
import sonar.sonalyze.parse.MetadataCommand;
import sonar.sonalyze.parse.ParseCommand;
import sonar.sonalyze.profile.ProfileCommand;
import sonar.sonalyze.run.CommandRun;
import sonar.sonalyze.run.Context;
import sonar.sonalyze.run.Failure;
import sonar.sonalyze.run.Workers;
import sonar.sonalyze.uptime.UptimeCommand;

/**
 * The analysis program, callable in-process: {@link #run} takes what a process would get (arguments,
 * environment, the time, stdout, stderr) and returns the exit status; it never exits the JVM and keeps
 * no state between calls, so that other programs may call it as often as they like, also from several
 * threads at once.
 */
public final class Sonalyze {

  /** What {@code sonalyze version} prints: the reference's version, without its optional features. */
  public static final String VERSION_LINE = "sonalyze version(0.1.0) features()";

  private static final int USAGE = 2;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Sonalyze() {}

  /**
   * Runs one command line.
   *
   * @param env the environment: LOGNAME (the default user of jobs), HOME and SONAR_ROOT (the default
   *     data path)
   * @param clock the time of {@code now} and of relative times such as {@code --from 1d}
   * @return the exit status: 0 done, 1 a run-time error, 2 a usage error
   */
  public static int run(List<String> args, Map<String, String> env, Clock clock, OutputStream out,
      OutputStream err) {
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    Writer output = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    try {
      return dispatch(args, env, now(clock), output, errors);
    } catch (UsageException e) {
      errors.println("sonalyze: " + e.getMessage());
      return USAGE;
    } finally {
      try {
        output.flush();
      } catch (IOException e) {
        // stdout is gone (a closed pipe): nothing left to tell anyone
      }
    }
  }

  private static int dispatch(List<String> args, Map<String, String> env, long now, Writer out, PrintStream err)
      throws UsageException {
    if (args.isEmpty()) {
      err.print(Help.program());
      return USAGE;
    }
    String word = args.get(0);
    if (word.equals("--help") || word.equals("-h")) {
      return print(out, Help.program());
    }
    if (word.equals("--version") || word.equals("-V")) {
      return print(out, "sonalyze 0.1.0\n");
    }
    Command command = Command.named(word);
    if (command == null) {
      throw new UsageException("unknown command \"" + word + "\"; sonalyze help lists them");
    }
    List<String> rest = args.subList(1, args.size());
    if (command == Command.HELP) {
      Command about = rest.isEmpty() ? null : Command.named(rest.get(0));
      if (!rest.isEmpty() && about == null) {
        throw new UsageException("unknown command \"" + rest.get(0) + "\"; sonalyze help lists them");
      }
      return print(out, about == null ? Help.program() : Help.of(about));
    }
    if (FlagParser.asksForHelp(rest)) {
      return print(out, Help.of(command));
    }
    if (command == Command.VERSION) {
      if (!rest.isEmpty()) {
        throw new UsageException("version takes no arguments");
      }
      return print(out, VERSION_LINE + "\n");
    }
    ParsedFlags flags = FlagParser.parse(command, rest);
    String fmt = flags.value("fmt");
    if (fmt != null && fmt.startsWith("help")) {
      return print(out, formatHelp(command));
    }
    Long from = flags.value("from") == null ? null : Values.time("from", flags.value("from"), now, false);
    Long to = flags.value("to") == null ? null : Values.time("to", flags.value("to"), now, true);
    CommandRun run = prepare(command, flags);
    return execute(run, new Context(command, flags, env, now, from, to, out, new Problems(), null), err);
  }

  /**
   * Runs a command with worker threads of its own, then reports its problems after its output: the
   * status is 1 for an error (the reference's {@code ERROR:} line last), 0 otherwise.
   */
  private static int execute(CommandRun run, Context prepared, PrintStream err) {
    Writer out = prepared.out();
    Problems problems = prepared.problems();
    try (Workers workers = new Workers(Runtime.getRuntime().availableProcessors())) {
      run.run(prepared.with(workers));
      out.flush();
    } catch (Failure e) {
      flushQuietly(out);
      problems.lines().forEach(err::println);
      err.println("ERROR: " + e.getMessage());
      return 1;
    } catch (UncheckedIOException | IOException e) {
      problems.lines().forEach(err::println);
      err.println("sonalyze: writing the output: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      flushQuietly(out);
      problems.lines().forEach(err::println);
      err.println("sonalyze: internal error: " + e);
      return 1;
    } catch (OutOfMemoryError e) {
      err.println("sonalyze: out of memory; give the JVM more with JAVA_OPTS=-Xmx<size>");
      return 1;
    }
    problems.lines().forEach(err::println);
    return problems.hasErrors() ? 1 : 0;
  }

  /** The command with its flags checked; a bad value is a usage error before anything is read. */
  private static CommandRun prepare(Command command, ParsedFlags flags) throws UsageException {
    return switch (command) {
      case JOBS -> new JobsCommand(flags);
      case LOAD -> new LoadCommand(flags);
      case UPTIME -> new UptimeCommand(flags);
      case PROFILE -> new ProfileCommand(flags);
      case PARSE -> new ParseCommand(flags);
      case METADATA -> new MetadataCommand(flags);
      default -> throw new IllegalStateException("no run for " + command);
    };
  }

  private static String formatHelp(Command command) {
    return switch (command) {
      case JOBS -> JobsCommand.formatHelp();
      case LOAD -> LoadCommand.formatHelp();
      case UPTIME -> UptimeCommand.formatHelp();
      case PROFILE -> ProfileCommand.formatHelp();
      case PARSE -> ParseCommand.formatHelp();
      case METADATA -> MetadataCommand.formatHelp();
      default -> "";
    };
  }

  private static int print(Writer out, String text) {
    try {
      out.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
  }

  private static void flushQuietly(Writer out) {
    try {
      out.flush();
    } catch (IOException e) {
      // the error at hand is the one to report
    }
  }

  private static long now(Clock clock) {
    Instant instant = clock.instant();
    return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
  }
}
