package sonar.format;

import java.time.LocalDateTime;

/**
 * An RFC 3339 timestamp as sonar writes it ({@code 2023-12-31T23:59:59-05:00}), checked as strictly as
 * Go's {@code time.Parse(time.RFC3339, s)}: day within its month, hours, minutes and seconds in range,
 * optional fractional seconds, {@code Z} or a {@code ±hh:mm} offset. Immutable.
 */
public record Timestamp(int year, int month, int day, int hour, int minute, int second, int offsetMinutes) {

  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  /**
   * @throws IllegalArgumentException naming what is wrong with text
   */
  public static Timestamp parse(String text) {
    Cursor in = new Cursor(text);
    int year = in.digits(4, "year");
    in.expect('-');
    int month = in.digits(2, "month");
    in.expect('-');
    int day = in.digits(2, "day");
    in.expect('T');
    int hour = in.digits(2, "hour");
    in.expect(':');
    int minute = in.digits(2, "minute");
    in.expect(':');
    int second = in.digits(2, "second");
    in.skipFraction();
    int offsetMinutes = in.offset();
    in.expectEnd();
    in.check(month >= 1 && month <= 12, "month out of range");
    in.check(day >= 1 && day <= daysIn(year, month), "day out of range");
    in.check(hour <= 23, "hour out of range");
    in.check(minute <= 59, "minute out of range");
    in.check(second <= 59, "second out of range");
    return new Timestamp(year, month, day, hour, minute, second, offsetMinutes);
  }

  /** The calendar date in the timestamp's own offset, as {@code yyyy/mm/dd}: where the reference files it. */
  public String localDatePath() {
    return datePath(year, month, day);
  }

  /** The calendar date in UTC, as {@code yyyy/mm/dd}. */
  public String utcDatePath() {
    LocalDateTime utc = LocalDateTime.of(year, month, day, hour, minute, second).minusMinutes(offsetMinutes);
    return datePath(utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth());
  }

  private static String datePath(int year, int month, int day) {
    char[] out = new char[10];
    put(out, 0, year, 4);
    out[4] = '/';
    put(out, 5, month, 2);
    out[7] = '/';
    put(out, 8, day, 2);
    return new String(out);
  }

  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  private static int daysIn(int year, int month) {
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return month == 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  }

  /** Reads the text left to right; every failure names the text and the problem. */
  private static final class Cursor {
    private final String text;
    private int at;

    Cursor(String text) {
      this.text = text;
    }

    int digits(int count, String what) {
      int value = 0;
      for (int end = at + count; at < end; at++) {
        char c = at < text.length() ? text.charAt(at) : 0;
        if (c < '0' || c > '9') {
          throw bad("expected " + count + "-digit " + what);
        }
        value = value * 10 + (c - '0');
      }
      return value;
    }

    void expect(char c) {
      if (at >= text.length() || text.charAt(at) != c) {
        throw bad("expected '" + c + "' at position " + (at + 1));
      }
      at++;
    }

    void skipFraction() {
      if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == ',')) {
        at++;
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
          at++;
        }
        check(at > start, "expected digits after the decimal point");
      }
    }

    int offset() {
      check(at < text.length(), "missing time zone offset");
      char sign = text.charAt(at++);
      if (sign == 'Z') {
        return 0;
      }
      if (sign != '+' && sign != '-') {
        throw bad("expected 'Z' or a ±hh:mm offset at position " + at);
      }
      int hours = digits(2, "offset hour");
      expect(':');
      int minutes = digits(2, "offset minute");
      check(hours <= 23 && minutes <= 59, "time zone offset out of range");
      int total = hours * 60 + minutes;
      return sign == '-' ? -total : total;
    }

    void expectEnd() {
      check(at == text.length(), "unexpected text after the time zone offset");
    }

    /** For checks whose message is a constant: building it costs nothing when the check passes. */
    void check(boolean condition, String problem) {
      if (!condition) {
        throw bad(problem);
      }
    }

    IllegalArgumentException bad(String problem) {
      String shown = text.length() <= 64 ? text : text.substring(0, 64) + "...";
      return new IllegalArgumentException("bad time \"" + shown + "\": " + problem);
    }
  }
}
