package sonar.sonalyze.cli;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Typed flag values, read as the reference reads them; a bad one is a usage error naming the flag.
 * Stateless.
 */
public final class Values {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long SECONDS_PER_DAY = 86_400L;
  /** No one asks about data further back than this; it keeps the arithmetic far from overflow. */
  private static final long MAX_DAYS_AGO = 1_000_000;

  private Values() {}

  /** An unsigned integer ({@code usize}: digits, an optional {@code +}). */
  public static long unsigned(String flag, String text) throws UsageException {
    String digits = text.startsWith("+") ? text.substring(1) : text;
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new UsageException("--" + flag + ": \"" + text + "\" is not an unsigned integer");
    }
    return Long.parseLong(digits);
  }

  /** A decimal number. */
  public static double number(String flag, String text) throws UsageException {
    try {
      if (text.isEmpty() || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || ".eE+-".indexOf(c) >= 0)) {
        throw new NumberFormatException();
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + flag + ": \"" + text + "\" is not a number");
    }
  }

  /**
   * A time of {@code --from} or {@code --to}: {@code YYYY-MM-DD} (the start of that UTC day, or for
   * {@code --to} its last second), {@code Nd} or {@code Nw} (exactly N days or weeks before now).
   *
   * @return nanoseconds since 1970 UTC
   */
  public static long time(String flag, String text, long nowNanos, boolean endOfDay) throws UsageException {
    if (text.endsWith("d") || text.endsWith("w")) {
      String count = text.substring(0, text.length() - 1);
      long days;
      try {
        days = unsigned(flag, count) * (text.endsWith("w") ? 7 : 1);
      } catch (UsageException e) {
        throw badTime(flag, text);
      }
      if (days > MAX_DAYS_AGO) {
        throw badTime(flag, text);
      }
      return nowNanos - days * SECONDS_PER_DAY * NANOS_PER_SECOND;
    }
    String[] parts = text.split("-", -1);
    if (parts.length != 3) {
      throw badTime(flag, text);
    }
    long[] numbers = new long[3];
    for (int i = 0; i < 3; i++) {
      try {
        numbers[i] = unsigned(flag, parts[i]);
      } catch (UsageException e) {
        throw badTime(flag, text);
      }
    }
    try {
      if (numbers[0] > 999_999) {
        throw new DateTimeException("year out of range");
      }
      LocalDate date = LocalDate.of((int) numbers[0], (int) Math.min(numbers[1], 99), (int) Math.min(numbers[2], 99));
      long seconds = date.atStartOfDay().toEpochSecond(ZoneOffset.UTC) + (endOfDay ? SECONDS_PER_DAY - 1 : 0);
      return seconds * NANOS_PER_SECOND;
    } catch (DateTimeException e) {
      throw badTime(flag, text);
    }
  }

  private static UsageException badTime(String flag, String text) {
    return new UsageException("--" + flag + ": \"" + text + "\" is not a date (YYYY-MM-DD) nor Nd or Nw");
  }

  /**
   * A duration {@code WwDdHhMm}: each part optional but at least one, in any order, none twice.
   *
   * @return seconds
   */
  public static long runtime(String flag, String text) throws UsageException {
    long total = 0;
    String seen = "";
    StringBuilder digits = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c >= '0' && c <= '9') {
        digits.append(c);
        continue;
      }
      long unit = switch (c) {
        case 'w' -> 7 * SECONDS_PER_DAY;
        case 'd' -> SECONDS_PER_DAY;
        case 'h' -> 3600;
        case 'm' -> 60;
        default -> 0;
      };
      if (unit == 0 || digits.length() == 0 || digits.length() > 9 || seen.indexOf(c) >= 0) {
        throw badRuntime(flag, text);
      }
      seen += c;
      total += Long.parseLong(digits.toString()) * unit;
      digits.setLength(0);
    }
    if (digits.length() > 0 || seen.isEmpty()) {
      throw badRuntime(flag, text);
    }
    return total;
  }

  private static UsageException badRuntime(String flag, String text) {
    return new UsageException("--" + flag + ": \"" + text + "\" is not a duration like 2d4h30m (WwDdHhMm, "
        + "each part optional)");
  }
}
