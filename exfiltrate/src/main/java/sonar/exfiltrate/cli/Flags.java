package sonar.exfiltrate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line in the style of Go's flag package, as the reference sender takes it: one or two
 * dashes, {@code -flag value} or {@code -flag=value}, {@code -v} alone or {@code -v=false}, the first
 * argument that is not a flag (or {@code --}) ends the flags. Hand-written: a parsing library costs more
 * CPU at startup than the rest of a run. Immutable; thread-safe.
 */
public final class Flags {

  /** Seconds spent sending after the wait: enough for a few retries, short of the next cron run. */
  static final int DEFAULT_MAX_TIME_SECONDS = 60;
  /** About two weeks of a busy node's output (a few MB a day), small beside any node's disk. */
  static final long DEFAULT_SPOOL_MAX_BYTES = 100L << 20;

  private record Flag(String name, String argument, String help) {
    boolean isBoolean() {
      return argument == null;
    }
  }

  private static final List<Flag> FLAGS = List.of(
      new Flag("window", "SECONDS",
          "wait a random time below this before sending, to spread the nodes' load (required)"),
      new Flag("cluster", "NAME", "the cluster the records belong to (required)"),
      new Flag("source", "FORMAT",
          "what is read on stdin; only " + Config.CSVNAMED + " (default " + Config.CSVNAMED + ")"),
      new Flag("output", "FORMAT", "json: post parsed records as JSON; csv: post the lines as read (default json)"),
      new Flag("target", "URL",
          "http(s)://host[:port] of the data logger; without it the bodies are printed, not sent"),
      new Flag("auth-file", "FILE", "one line user/password or user:password, for HTTP Basic auth"),
      new Flag("ca-cert", "FILE",
          "PEM certificates of a private CA to trust for an https target (default: the system's)"),
      new Flag("spool-dir", "DIR", "where sonar's output waits until delivered (default %s)"),
      new Flag("spool-max-bytes", "BYTES", "past this size the spool drops its oldest files (default "
          + DEFAULT_SPOOL_MAX_BYTES + ")"),
      new Flag("max-time", "SECONDS", "no request starts later than this after the wait (one sent may take 30 s "
          + "more for its answer); what is left stays spooled (default " + DEFAULT_MAX_TIME_SECONDS + ")"),
      new Flag("v", null, "print every dropped field and record, and every batch sent"),
      new Flag("help", null, "print this help and exit"));

  private final Path defaultSpoolDir;

  /** @param defaultSpoolDir the spool directory when {@code -spool-dir} is not given */
  public Flags(Path defaultSpoolDir) {
    this.defaultSpoolDir = defaultSpoolDir;
  }

  /**
   * The spool directory of a root cron job, or of a user's: {@code /var/spool/sonar-exfiltrate}, or
   * {@code sonar-exfiltrate} under {@code $XDG_STATE_HOME}, by default {@code ~/.local/state}; for a user
   * whose home directory does not exist (some service accounts), {@code /var/tmp/sonar-exfiltrate-<user>},
   * which survives a reboot as the spool must. The launcher ({@code bin/exfiltrate}) makes the same choice
   * when it spools before the JVM starts.
   */
  public static Path defaultSpoolDir(String user, Map<String, String> environment, Path home) {
    if ("root".equals(user)) {
      return Path.of("/var/spool/sonar-exfiltrate");
    }
    String state = environment.get("XDG_STATE_HOME");
    if (state != null && Path.of(state).isAbsolute()) {
      return Path.of(state).resolve("sonar-exfiltrate");
    }
    if (!Files.isDirectory(home)) {
      return Path.of("/var/tmp/sonar-exfiltrate-" + user);
    }
    return home.resolve(".local/state/sonar-exfiltrate");
  }

  /**
   * @return the configuration, or empty when help was asked for
   * @throws IllegalArgumentException with one line naming the flag and what is wrong
   */
  public Optional<Config> parse(String... args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        if (i + 1 < args.length) {
          throw new IllegalArgumentException("unexpected argument: " + args[i + 1]);
        }
        break;
      }
      if (arg.length() < 2 || arg.charAt(0) != '-') {
        throw new IllegalArgumentException("unexpected argument: " + arg);
      }
      String name = arg.substring(arg.startsWith("--") ? 2 : 1);
      String value = null;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      if (name.equals("h")) {
        name = "help";
      }
      Flag flag = find(name);
      if (flag.isBoolean()) {
        values.put(name, value == null ? "true" : Boolean.toString(parseBoolean(flag, value)));
      } else {
        if (value == null) {
          if (i + 1 == args.length) {
            throw new IllegalArgumentException("flag needs an argument: -" + name);
          }
          value = args[++i];
        }
        values.put(name, value);
      }
    }
    if (Boolean.parseBoolean(values.get("help"))) {
      return Optional.empty();
    }
    String window = values.get("window");
    String authFile = values.get("auth-file");
    String caCert = values.get("ca-cert");
    return Optional.of(new Config(
        window == null ? null : Duration.ofSeconds(parseLong("window", window, "a whole number of seconds")),
        values.get("cluster"),
        values.getOrDefault("source", Config.CSVNAMED),
        parseOutput(values.getOrDefault("output", Output.JSON.flagValue())),
        values.get("target"),
        authFile == null ? null : Path.of(authFile),
        caCert == null ? null : Path.of(caCert),
        Boolean.parseBoolean(values.get("v")),
        values.containsKey("spool-dir") ? Path.of(values.get("spool-dir")) : defaultSpoolDir,
        Duration.ofSeconds(parseLong("max-time", values.getOrDefault("max-time", "" + DEFAULT_MAX_TIME_SECONDS),
            "a whole number of seconds")),
        parseLong("spool-max-bytes", values.getOrDefault("spool-max-bytes", "" + DEFAULT_SPOOL_MAX_BYTES),
            "a whole number of bytes")));
  }

  /** What {@code -help} prints, and what follows a usage error. */
  public String usage() {
    StringBuilder text = new StringBuilder()
        .append("usage: exfiltrate -window SECONDS -cluster NAME [flags] < sonar-output\n")
        .append("Reads sonar's output on stdin and posts it to the data logger at -target; what cannot be\n")
        .append("delivered now waits in the spool and is sent first by the next run.\n\n");
    for (Flag flag : FLAGS) {
      String head = "-" + flag.name() + (flag.isBoolean() ? "" : " " + flag.argument());
      text.append("  ").append(head).append(" ".repeat(Math.max(1, 24 - head.length())))
          .append(flag.help().replace("%s", defaultSpoolDir.toString())).append('\n');
    }
    return text.toString();
  }

  private static Flag find(String name) {
    for (Flag flag : FLAGS) {
      if (flag.name().equals(name)) {
        return flag;
      }
    }
    throw new IllegalArgumentException("flag provided but not defined: -" + name);
  }

  /** Go's spellings of a boolean. */
  private static boolean parseBoolean(Flag flag, String value) {
    return switch (value) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw invalid(flag.name(), value, "not true or false");
    };
  }

  private static long parseLong(String name, String value, String expected) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw invalid(name, value, "not " + expected);
    }
  }

  private static Output parseOutput(String value) {
    for (Output output : Output.values()) {
      if (output.flagValue().equals(value)) {
        return output;
      }
    }
    throw new IllegalArgumentException("-output must be json or csv, not \"" + value + "\"");
  }

  private static IllegalArgumentException invalid(String name, String value, String problem) {
    return new IllegalArgumentException("invalid value \"" + value + "\" for flag -" + name + ": " + problem);
  }
}
