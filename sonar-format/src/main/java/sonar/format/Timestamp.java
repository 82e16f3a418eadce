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

  /** What {@link #epochNanos} answers for text that is not a valid timestamp. */
  public static final long INVALID = Long.MIN_VALUE;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int MAX_FRACTION_DIGITS = 9;

  /**
   * The instant that {@code text[start, end)}, ASCII, names, in nanoseconds since 1970-01-01T00:00:00Z:
   * the same rules as {@link #parse}, read from bytes without building a string, for readers of large
   * files. Fractional digits past the ninth are ignored.
   *
   * @return the instant, or {@link #INVALID} when the text is not a valid timestamp
   */
  public static long epochNanos(byte[] text, int start, int end) {
    int length = end - start;
    // yyyy-mm-ddThh:mm:ss then Z or an offset: at least 20 bytes.
    if (length < 20 || text[start + 4] != '-' || text[start + 7] != '-' || text[start + 10] != 'T'
        || text[start + 13] != ':' || text[start + 16] != ':') {
      return INVALID;
    }
    int year = digits(text, start, 4);
    int month = digits(text, start + 5, 2);
    int day = digits(text, start + 8, 2);
    int hour = digits(text, start + 11, 2);
    int minute = digits(text, start + 14, 2);
    int second = digits(text, start + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return INVALID;
    }
    int at = start + 19;
    long fraction = 0;
    if (text[at] == '.' || text[at] == ',') {
      int first = ++at;
      long scale = NANOS_PER_SECOND;
      while (at < end && text[at] >= '0' && text[at] <= '9') {
        if (at - first < MAX_FRACTION_DIGITS) {
          scale /= 10;
          fraction += (text[at] - '0') * scale;
        }
        at++;
      }
      if (at == first || at >= end) {
        return INVALID;
      }
    }
    int offsetSeconds;
    if (text[at] == 'Z' && at + 1 == end) {
      offsetSeconds = 0;
    } else if ((text[at] == '+' || text[at] == '-') && at + 6 == end && text[at + 3] == ':') {
      int offsetHours = digits(text, at + 1, 2);
      int offsetMinutes = digits(text, at + 4, 2);
      if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) {
        return INVALID;
      }
      offsetSeconds = (offsetHours * 60 + offsetMinutes) * 60 * (text[at] == '-' ? -1 : 1);
    } else {
      return INVALID;
    }
    long seconds = daysSinceEpoch(year, month, day) * 86400L + hour * 3600L + minute * 60L + second
        - offsetSeconds;
    return seconds * NANOS_PER_SECOND + fraction;
  }

  /** The value of count decimal digits at text[at...], or -1 if one of them is not a digit. */
  private static int digits(byte[] text, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** Days from 1970-01-01 to the given date of the proleptic Gregorian calendar. */
  private static long daysSinceEpoch(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
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
