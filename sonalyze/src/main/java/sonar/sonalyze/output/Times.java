package sonar.sonalyze.output;

/**
 * Instants (nanoseconds since 1970 UTC) written as the reference writes them, all in UTC:
 * {@code 2024-01-01 12:05}, {@code 2024-01-01T12:05:00Z}, Unix seconds. Stateless.
 */
public final class Times {

  public static final long NANOS_PER_SECOND = 1_000_000_000L;
  public static final long SECONDS_PER_DAY = 86_400L;

  private Times() {}

  /** {@code YYYY-MM-DD HH:MM}. */
  public static String minutes(long nanos) {
    StringBuilder out = new StringBuilder(16);
    date(out, nanos);
    out.append(' ');
    clock(out, nanos, false);
    return out.toString();
  }

  /** {@code YYYY-MM-DDTHH:MM:SSZ}. */
  public static String iso(long nanos) {
    StringBuilder out = new StringBuilder(20);
    date(out, nanos);
    out.append('T');
    clock(out, nanos, true);
    return out.append('Z').toString();
  }

  /** {@code YYYY-MM-DD}. */
  public static String date(long nanos) {
    StringBuilder out = new StringBuilder(10);
    date(out, nanos);
    return out.toString();
  }

  /** {@code HH:MM}. */
  public static String clock(long nanos) {
    StringBuilder out = new StringBuilder(5);
    clock(out, nanos, false);
    return out.toString();
  }

  /** Whole seconds since 1970, rounded down. */
  public static long seconds(long nanos) {
    return Math.floorDiv(nanos, NANOS_PER_SECOND);
  }

  private static void date(StringBuilder out, long nanos) {
    long days = Math.floorDiv(seconds(nanos), SECONDS_PER_DAY);
    // Civil date from day count (Howard Hinnant's algorithm).
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long dayOfEra = z - era * 146097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year >= 0 && year < 1000) {
      out.append(year < 10 ? "000" : year < 100 ? "00" : "0");
    }
    out.append(year).append('-');
    twoDigits(out, month);
    out.append('-');
    twoDigits(out, day);
  }

  private static void clock(StringBuilder out, long nanos, boolean withSeconds) {
    long secondOfDay = Math.floorMod(seconds(nanos), SECONDS_PER_DAY);
    twoDigits(out, secondOfDay / 3600);
    out.append(':');
    twoDigits(out, secondOfDay / 60 % 60);
    if (withSeconds) {
      out.append(':');
      twoDigits(out, secondOfDay % 60);
    }
  }

  private static void twoDigits(StringBuilder out, long value) {
    if (value < 10) {
      out.append('0');
    }
    out.append(value);
  }
}
