package sonar.naicreport.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flags every reading verb shares, as the reference has them: {@code -data-path}, {@code -from}
 * (default {@code 1d}), {@code -to}, {@code -v}, and input files after the flags when there is no
 * {@code -data-path}. Dates are whole UTC days: {@code YYYY-MM-DD}, {@code Nd} or {@code Nw} before today;
 * the window is [from, to + 1 day). Paths are made absolute against the working directory. Immutable once
 * parsed.
 */
public final class CommonOptions {

  private static final Pattern DATE = Pattern.compile("^(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)$");
  private static final Pattern DAYS = Pattern.compile("^(\\d+)d$");
  private static final Pattern WEEKS = Pattern.compile("^(\\d+)w$");

  private final FlagSet flags;
  private final FlagSet.Flag<String> dataPathFlag;
  private final FlagSet.Flag<String> fromFlag;
  private final FlagSet.Flag<String> toFlag;
  private final FlagSet.Flag<Boolean> verboseFlag;

  private Path dataPath;
  private List<Path> files;
  private LocalDate from;
  private LocalDate to;

  /** Adds the common flags to a verb's flag set. */
  public CommonOptions(FlagSet flags) {
    this.flags = flags;
    dataPathFlag = flags.string("data-path", "", "Root directory of data store (required)");
    fromFlag = flags.string("from", "1d", "Start of log window, yyyy-mm-dd or Nd (days ago) or Nw (weeks ago)");
    toFlag = flags.string("to", "", "End of log window, ditto");
    verboseFlag = flags.bool("v", false, "Verbose (debugging) output");
  }

  /**
   * Parses the command line with the verb's flag set, then {@link #resolve resolves} the common flags
   * against the working directory and today's UTC date.
   */
  public void parse(List<String> args, Path workingDirectory, java.time.Clock clock) throws UsageException {
    resolve(flags.parse(args), workingDirectory, today(clock));
  }

  /**
   * Interprets the flags once parsed, and the arguments after them.
   *
   * @param today the current UTC date, from which {@code Nd} and {@code Nw} count
   * @throws IllegalArgumentException naming the flag or argument that is wrong
   */
  public void resolve(List<String> rest, Path workingDirectory, LocalDate today) {
    if (dataPathFlag.value().isEmpty()) {
      List<Path> named = new ArrayList<>();
      for (String file : rest) {
        named.add(cleanPath(file, "--", workingDirectory));
      }
      if (named.isEmpty()) {
        throw new IllegalArgumentException("No file arguments provided");
      }
      files = List.copyOf(named);
    } else {
      if (!rest.isEmpty()) {
        throw new IllegalArgumentException("Input files (" + rest.get(0) + ") and -data-path exclude each other");
      }
      dataPath = cleanPath(dataPathFlag.value(), "-data-path", workingDirectory);
      files = null;
    }
    from = when(fromFlag.value(), "-from", today);
    LocalDate lastDay = toFlag.value().isEmpty() ? today : when(toFlag.value(), "-to", today);
    to = lastDay.plusDays(1);
  }

  /**
   * A path flag's value made absolute, as the reference's {@code CleanPath}.
   *
   * @throws IllegalArgumentException {@code <flag> requires a value} when it is empty
   */
  public static Path cleanPath(String value, String flag, Path workingDirectory) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(flag + " requires a value");
    }
    return workingDirectory.resolve(value).normalize();
  }

  /** The data directory, or null when input files were named instead. */
  public Path dataPath() {
    return dataPath;
  }

  /** The input files named after the flags, or null when {@code -data-path} was given. */
  public List<Path> files() {
    return files;
  }

  /** The first day of the window, at 00:00 UTC. */
  public LocalDate from() {
    return from;
  }

  /** The day after the last day of the window: the window ends at its 00:00 UTC, exclusive. */
  public LocalDate to() {
    return to;
  }

  /** {@code -from} as given, which sonalyze gets unchanged. */
  public String fromText() {
    return fromFlag.value();
  }

  /** {@code -to} as given, empty when absent. */
  public String toText() {
    return toFlag.value();
  }

  public boolean verbose() {
    return verboseFlag.value();
  }

  /** The window's arguments for sonalyze, as the reference passes them: raw dates, then data or files. */
  public List<String> sonalyzeArguments() {
    List<String> arguments = new ArrayList<>();
    arguments.add("--from");
    arguments.add(fromText());
    if (!toText().isEmpty()) {
      arguments.add("--to");
      arguments.add(toText());
    }
    if (files != null) {
      arguments.add("--");
      for (Path file : files) {
        arguments.add(file.toString());
      }
    } else {
      arguments.add("--data-path");
      arguments.add(dataPath.toString());
    }
    return arguments;
  }

  /**
   * A date flag: {@code YYYY-MM-DD}, or {@code N} days or weeks before today.
   *
   * @throws IllegalArgumentException for anything else, and for a day that is not in the calendar
   */
  static LocalDate when(String text, String flag, LocalDate today) {
    Matcher date = DATE.matcher(text);
    if (date.matches()) {
      try {
        return LocalDate.of(Integer.parseInt(date.group(1)), Integer.parseInt(date.group(2)),
            Integer.parseInt(date.group(3)));
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException("Bad time specification for " + flag + ": no such day " + text);
      }
    }
    Matcher days = DAYS.matcher(text);
    if (days.matches()) {
      return today.minusDays(count(days.group(1), text, flag));
    }
    Matcher weeks = WEEKS.matcher(text);
    if (weeks.matches()) {
      return today.minusWeeks(count(weeks.group(1), text, flag));
    }
    throw new IllegalArgumentException("Bad time specification for " + flag + ": " + GoStrconv.quote(text)
        + " is not yyyy-mm-dd, Nd or Nw");
  }

  private static long count(String digits, String text, String flag) {
    if (digits.length() > 6) { // a million days is before year 0; LocalDate would overflow on more
      throw new IllegalArgumentException("Bad time specification for " + flag + ": " + text + " is too far back");
    }
    return Long.parseLong(digits);
  }

  /** Today's date in UTC, the reference's base for relative dates. */
  public static LocalDate today(java.time.Clock clock) {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
