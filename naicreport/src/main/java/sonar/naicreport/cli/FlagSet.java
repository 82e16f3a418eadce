package sonar.naicreport.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flags parsed as Go's {@code flag} package parses them, which the reference's users and scripts rely on:
 * one or two dashes, {@code -flag value} or {@code -flag=value}, a boolean alone or as
 * {@code -flag=false}; the first argument that is not a flag ends the flags, {@code --} too (and is
 * dropped). {@code -h} and {@code -help} ask for the usage. The usage lists the flags as Go's
 * {@code PrintDefaults} does. Not thread-safe; one set per run.
 */
public final class FlagSet {

  /** A flag's current value, set by {@link #parse}. */
  public static final class Flag<T> {
    private final String name;
    private final String usage;
    private final T defaultValue;
    private final boolean isBoolean;
    private T value;

    private Flag(String name, String usage, T defaultValue, boolean isBoolean) {
      this.name = name;
      this.usage = usage;
      this.defaultValue = defaultValue;
      this.isBoolean = isBoolean;
      this.value = defaultValue;
    }

    public T value() {
      return value;
    }
  }

  private final String name;
  private final Map<String, Flag<?>> flags = new TreeMap<>();

  /** @param name what the usage names, as {@code naicreport load} */
  public FlagSet(String name) {
    this.name = name;
  }

  public Flag<String> string(String flagName, String defaultValue, String usage) {
    return add(new Flag<>(flagName, usage, defaultValue, false));
  }

  public Flag<Boolean> bool(String flagName, boolean defaultValue, String usage) {
    return add(new Flag<>(flagName, usage, defaultValue, true));
  }

  private <T> Flag<T> add(Flag<T> flag) {
    if (flags.putIfAbsent(flag.name, flag) != null) {
      throw new IllegalStateException("flag redefined: " + flag.name);
    }
    return flag;
  }

  /**
   * @return the arguments after the flags
   * @throws UsageException for a bad flag, or when help was asked for
   */
  public List<String> parse(List<String> args) throws UsageException {
    int at = 0;
    while (at < args.size()) {
      String arg = args.get(at);
      if (arg.length() < 2 || arg.charAt(0) != '-') {
        break;
      }
      int dashes = 1;
      if (arg.charAt(1) == '-') {
        dashes = 2;
        if (arg.length() == 2) {
          at++;
          break;
        }
      }
      String flagName = arg.substring(dashes);
      if (flagName.isEmpty() || flagName.charAt(0) == '-' || flagName.charAt(0) == '=') {
        throw error("bad flag syntax: " + arg);
      }
      at++;
      String value = null;
      int equals = flagName.indexOf('=', 1);
      if (equals >= 0) {
        value = flagName.substring(equals + 1);
        flagName = flagName.substring(0, equals);
      }
      Flag<?> flag = flags.get(flagName);
      if (flag == null) {
        if (flagName.equals("h") || flagName.equals("help")) {
          throw new UsageException(null, usage());
        }
        throw error("flag provided but not defined: -" + flagName);
      }
      if (flag.isBoolean) {
        Boolean parsed = value == null ? Boolean.TRUE : GoStrconv.parseBool(value);
        if (parsed == null) {
          throw error("invalid boolean value " + GoStrconv.quote(value) + " for -" + flagName + ": parse error");
        }
        set(flag, parsed);
      } else {
        if (value == null) {
          if (at == args.size()) {
            throw error("flag needs an argument: -" + flagName);
          }
          value = args.get(at++);
        }
        set(flag, value);
      }
    }
    return new ArrayList<>(args.subList(at, args.size()));
  }

  @SuppressWarnings("unchecked")
  private static <T> void set(Flag<T> flag, Object value) {
    flag.value = (T) value;
  }

  /** What Go prints after a flag error, and for {@code -h}: {@code Usage of NAME:} and every flag. */
  public String usage() {
    StringBuilder out = new StringBuilder("Usage of ").append(name).append(":\n");
    for (Flag<?> flag : flags.values()) {
      StringBuilder line = new StringBuilder("  -").append(flag.name);
      if (!flag.isBoolean) {
        line.append(" string");
      }
      line.append(line.length() <= 4 ? "\t" : "\n    \t").append(flag.usage.replace("\n", "\n    \t"));
      if (flag.isBoolean && Boolean.TRUE.equals(flag.defaultValue)) {
        line.append(" (default true)");
      } else if (!flag.isBoolean && !"".equals(flag.defaultValue)) {
        line.append(" (default ").append(GoStrconv.quote((String) flag.defaultValue)).append(')');
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  private UsageException error(String message) {
    return new UsageException(message, usage());
  }
}
