package sonar.sonalyze.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands and their flags, with their help. The flags are those of the reference at the version
 * the cron scripts were written for; the help is ours.
 */
public enum Command {
  JOBS("jobs", "Print aggregated information about jobs", true, jobFlags()),
  LOAD("load", "Print aggregated information about system load", true, loadFlags()),
  UPTIME("uptime", "Print aggregated information about system uptime", false, uptimeFlags()),
  PROFILE("profile", "Print the profile of a particular job", false, profileFlags()),
  PARSE("parse", "Parse the Sonar logs, apply record filtering, and print values", false, parseFlags()),
  METADATA("metadata", "Parse the Sonar logs, apply record filtering, and print metadata", false, parseFlags()),
  VERSION("version", "Print information about the program", false, List.of()),
  HELP("help", "Print this message or the help of the given command", false, List.of());

  private final String word;
  private final String summary;
  private final boolean takesConfig;
  private final List<Flag> flags;

  Command(String word, String summary, boolean takesConfig, List<Flag> flags) {
    this.word = word;
    this.summary = summary;
    this.takesConfig = takesConfig;
    this.flags = flags;
  }

  public String word() {
    return word;
  }

  public String summary() {
    return summary;
  }

  public boolean takesConfig() {
    return takesConfig;
  }

  public List<Flag> flags() {
    return flags;
  }

  /** The command a word names, or null. */
  public static Command named(String word) {
    for (Command command : values()) {
      if (command.word.equals(word)) {
        return command;
      }
    }
    return null;
  }

  private static List<Flag> common(boolean config) {
    List<Flag> flags = new ArrayList<>(List.of(
        Flag.once("data-path", "PATH", "the root of the data tree [default: $SONAR_ROOT, else $HOME/sonar/data]"),
        Flag.once("from", 'f', "TIME", "records from this time on: YYYY-MM-DD (start of that UTC day), Nd or Nw "
            + "(N days or weeks ago) [default: 1d]"),
        Flag.once("to", 't', "TIME", "records up to this time: YYYY-MM-DD (end of that UTC day), Nd or Nw "
            + "[default: now]"),
        Flag.repeated("host", (char) 0, "PATTERN", "records of hosts the pattern matches, e.g. ml[1-3,6-9], "
            + "node00*, ml8 (matches ml8.hpc.uio.no); repeatable [default: all]"),
        Flag.repeated("user", 'u', "USER", "records of this user, - for everyone; repeatable "
            + "[default: depends on the command]"),
        Flag.repeated("exclude-user", (char) 0, "USER", "not records of this user; repeatable"),
        Flag.repeated("command", (char) 0, "CMD", "records of this command (exact name); repeatable [default: all]"),
        Flag.repeated("exclude-command", (char) 0, "CMD", "not records of this command; repeatable"),
        Flag.repeated("job", 'j', "N", "records of this job; repeatable [default: all]"),
        Flag.toggle("verbose", 'v', "print statistics about the input to stderr, and no data"),
        Flag.toggle("raw", "print the data unformatted, for debugging")));
    if (config) {
      flags.add(Flag.once("config-file", "FILE", "the sizes of the nodes (JSON), for relative values "
          + "[default: the nodes' own sysinfo, where the data has it]"));
    }
    return flags;
  }

  private static List<Flag> jobFlags() {
    List<Flag> flags = common(true);
    flags.add(Flag.once("min-samples", "N", "only jobs with at least N samples [default: 2]"));
    for (String what : new String[] {"cpu", "rcpu", "mem", "rmem", "gpu", "rgpu", "gpumem", "rgpumem"}) {
      for (String which : new String[] {"avg", "peak"}) {
        String unit = switch (what) {
          case "cpu" -> "percent of one core";
          case "gpu" -> "percent of one card";
          case "mem", "gpumem" -> "GB";
          default -> "percent of the node";
        };
        flags.add(Flag.once("min-" + what + "-" + which, "N", "only jobs whose " + which + " " + what
            + " use is at least N (" + unit + ")"));
        if (what.equals("cpu") || what.equals("rcpu") || what.equals("gpu") || what.equals("rgpu")) {
          flags.add(Flag.once("max-" + what + "-" + which, "N", "only jobs whose " + which + " " + what
              + " use is at most N (" + unit + ")"));
        }
      }
    }
    flags.add(Flag.once("min-runtime", "DURATION", "only jobs that ran at least this long: WwDdHhMm, every "
        + "part optional, e.g. 2h30m"));
    flags.add(Flag.toggle("no-gpu", "only jobs that used no GPU"));
    flags.add(Flag.toggle("some-gpu", "only jobs that used a GPU"));
    flags.add(Flag.toggle("completed", "only jobs that ended before the last sample of their host"));
    flags.add(Flag.toggle("running", "only jobs still running at the last sample of their host"));
    flags.add(Flag.toggle("zombie", "only zombie jobs (a <defunct> command or a _zombie_ user); implies --user=-"));
    flags.add(Flag.toggle("batch", 'b', "merge each job across hosts, as for a batch system"));
    flags.add(Flag.once("numjobs", 'n', "N", "print only the N most recent jobs of each user"));
    flags.add(Flag.once("fmt", "FORMAT", "fields and output form; --fmt=help lists them"));
    return List.copyOf(flags);
  }

  private static List<Flag> loadFlags() {
    List<Flag> flags = common(true);
    flags.add(Flag.toggle("hourly", "average the load per hour [default]"));
    flags.add(Flag.toggle("half-hourly", "average the load per half hour"));
    flags.add(Flag.toggle("daily", "average the load per day"));
    flags.add(Flag.toggle("half-daily", "average the load per half day"));
    flags.add(Flag.toggle("none", "print the load at every sample, unaveraged"));
    flags.add(Flag.toggle("cluster", "sum the averaged load of all hosts chosen into one"));
    flags.add(Flag.toggle("all", "print every time slot [default]"));
    flags.add(Flag.toggle("last", "print only the last time slot of each host"));
    flags.add(Flag.toggle("compact", "leave out time slots without data, rather than print zeroes"));
    flags.add(Flag.once("fmt", "FORMAT", "fields and output form; --fmt=help lists them"));
    return List.copyOf(flags);
  }

  private static List<Flag> uptimeFlags() {
    List<Flag> flags = common(false);
    flags.add(Flag.once("interval", "MINUTES", "sonar's sampling interval; a gap of more than twice that "
        + "counts as down (required)"));
    flags.add(Flag.toggle("only-up", "print only the times when hosts and GPUs were up"));
    flags.add(Flag.toggle("only-down", "print only the times when hosts and GPUs were down"));
    flags.add(Flag.once("fmt", "FORMAT", "fields and output form; --fmt=help lists them"));
    return List.copyOf(flags);
  }

  private static List<Flag> profileFlags() {
    List<Flag> flags = common(false);
    flags.add(Flag.once("max", "X", "clamp values to X; a value above 2X counts as noise and prints as 0"));
    flags.add(Flag.once("bucket", "N", "average N consecutive time steps (csv and html only)"));
    flags.add(Flag.once("fmt", "FORMAT", "fields and output form; --fmt=help lists them"));
    return List.copyOf(flags);
  }

  private static List<Flag> parseFlags() {
    List<Flag> flags = common(false);
    flags.add(Flag.toggle("merge-by-host-and-job", "merge the streams of each job on each host (experts only)"));
    flags.add(Flag.toggle("merge-by-job", "merge the streams of each job across hosts (experts only)"));
    flags.add(Flag.toggle("clean", "clean the streams but do not merge them"));
    flags.add(Flag.once("fmt", "FORMAT", "fields and output form; --fmt=help lists them"));
    return List.copyOf(flags);
  }
}
