package sonar.sonalyze.cli;

import java.util.List;

/**
 * Reads a command's flags as the reference's command-line library does: {@code --name value},
 * {@code --name=value}, {@code -n value}, {@code -nvalue}, {@code -n=value}, switches grouped
 * ({@code -bv}), files after {@code --}. An unknown flag, a missing value, a value for a switch and a
 * flag given twice that takes one value are usage errors. Stateless.
 */
public final class FlagParser {

  private FlagParser() {}

  /** Whether the arguments ask for the command's help ({@code --help} or {@code -h} before any {@code --}). */
  public static boolean asksForHelp(List<String> args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        return true;
      }
    }
    return false;
  }

  public static ParsedFlags parse(Command command, List<String> args) throws UsageException {
    return parse(command.word(), command.flags(), args);
  }

  static ParsedFlags parse(String command, List<Flag> flags, List<String> args) throws UsageException {
    ParsedFlags parsed = new ParsedFlags();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        for (int j = i + 1; j < args.size(); j++) {
          parsed.file(args.get(j));
        }
        return parsed;
      }
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        Flag flag = byLong(flags, name, command);
        if (!flag.takesValue()) {
          if (eq >= 0) {
            throw new UsageException("--" + name + " takes no value (\"" + arg + "\")");
          }
          set(parsed, flag, "");
        } else if (eq >= 0) {
          set(parsed, flag, arg.substring(eq + 1));
        } else {
          set(parsed, flag, next(args, ++i, "--" + name));
        }
      } else if (arg.startsWith("-") && arg.length() > 1) {
        for (int at = 1; at < arg.length(); at++) {
          Flag flag = byShort(flags, arg.charAt(at), command);
          if (!flag.takesValue()) {
            set(parsed, flag, "");
            continue;
          }
          String rest = arg.substring(at + 1);
          if (rest.startsWith("=")) {
            rest = rest.substring(1);
          }
          set(parsed, flag, rest.isEmpty() ? next(args, ++i, "-" + flag.shortName()) : rest);
          break;
        }
      } else {
        throw new UsageException("unexpected argument \"" + arg + "\" (input files go after --)");
      }
    }
    return parsed;
  }

  private static String next(List<String> args, int at, String name) throws UsageException {
    if (at >= args.size() || (args.get(at).startsWith("-") && args.get(at).length() > 1)) {
      throw new UsageException(name + " needs a value");
    }
    return args.get(at);
  }

  private static void set(ParsedFlags parsed, Flag flag, String value) throws UsageException {
    if (!flag.repeatable() && parsed.has(flag.longName())) {
      throw new UsageException("--" + flag.longName() + " is given more than once");
    }
    parsed.add(flag.longName(), value);
  }

  private static Flag byLong(List<Flag> flags, String name, String command) throws UsageException {
    for (Flag flag : flags) {
      if (flag.longName().equals(name)) {
        return flag;
      }
    }
    throw new UsageException("unknown flag --" + name + " for " + command);
  }

  private static Flag byShort(List<Flag> flags, char name, String command) throws UsageException {
    for (Flag flag : flags) {
      if (flag.shortName() == name) {
        return flag;
      }
    }
    throw new UsageException("unknown flag -" + name + " for " + command);
  }
}
