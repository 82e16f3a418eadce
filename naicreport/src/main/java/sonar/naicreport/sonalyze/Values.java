package sonar.naicreport.sonalyze;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sonar.format.GoNumbers;

/**
 * Reads the values of sonalyze's JSON output, where every value is a string ({@code "12.5"},
 * {@code "2024-01-01 10:00"}, {@code "0x1"}), as the reference reads them with Go's {@code strconv} and
 * {@code time}. Every failure names the field and the value. Stateless.
 */
public final class Values {

  /** {@code 2006-01-02 15:04} as Go parses it: the hour may have one digit, the rest are fixed. */
  private static final Pattern DATE_TIME = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2}) (\\d{1,2}):(\\d{2})$");

  private Values() {}

  /** The array of objects sonalyze prints for {@code --fmt=json}. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> objects(Object json, String what) {
    if (!(json instanceof List<?> list)) {
      throw new IllegalArgumentException(what + " is not a JSON array");
    }
    for (Object element : list) {
      if (!(element instanceof Map)) {
        throw new IllegalArgumentException(what + " holds " + describe(element) + " where an object belongs");
      }
    }
    return (List<Map<String, Object>>) json;
  }

  /** A field that must be a string. */
  public static String string(Map<String, Object> object, String field) {
    Object value = object.get(field);
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException(
          value == null ? "no field \"" + field + "\"" : "field \"" + field + "\" is " + describe(value)
          + ", not a string");
    }
    return text;
  }

  /** A float as {@code strconv.ParseFloat(s, 64)} reads it; {@code NaN} is a value. */
  public static double number(Map<String, Object> object, String field) {
    String text = string(object, field);
    try {
      return GoNumbers.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("field \"" + field + "\" is \"" + text + "\", not a number");
    }
  }

  /**
   * An integer as {@code strconv.ParseInt(s, 0, 32)} reads it: a sign, then decimal, or hexadecimal after
   * {@code 0x}, binary after {@code 0b}, octal after {@code 0o} or a leading {@code 0}.
   */
  public static int integer(Map<String, Object> object, String field) {
    String text = string(object, field);
    Integer value = parseInt(text);
    if (value == null) {
      throw new IllegalArgumentException("field \"" + field + "\" is \"" + text + "\", not an integer");
    }
    return value;
  }

  /** Null when text is not such an integer within 32 bits; digit-separating underscores are not taken. */
  static Integer parseInt(String text) {
    String digits = text;
    boolean negative = false;
    if (!digits.isEmpty() && (digits.charAt(0) == '+' || digits.charAt(0) == '-')) {
      negative = digits.charAt(0) == '-';
      digits = digits.substring(1);
    }
    int radix = 10;
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      char base = Character.toLowerCase(digits.charAt(1));
      radix = base == 'x' ? 16 : base == 'b' ? 2 : 8;
      digits = digits.substring(base == 'x' || base == 'b' || base == 'o' ? 2 : 1);
    }
    if (digits.isEmpty()) {
      return null;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) > 'z' || Character.digit(digits.charAt(i), radix) < 0) {
        return null;
      }
    }
    try {
      long value = Long.parseLong(digits, radix) * (negative ? -1 : 1);
      return value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? null : (int) value;
    } catch (NumberFormatException e) {
      return null; // more digits than a long holds
    }
  }

  /** A UTC time as sonalyze prints it, {@code 2024-01-01 10:00}. */
  public static ZonedDateTime dateTime(Map<String, Object> object, String field) {
    String text = string(object, field);
    ZonedDateTime value = parseDateTime(text);
    if (value == null) {
      throw new IllegalArgumentException("field \"" + field + "\" is \"" + text + "\", not a time YYYY-MM-DD HH:MM");
    }
    return value;
  }

  /** {@code YYYY-MM-DD HH:MM} in UTC, or null when it is not that or not a real time. */
  public static ZonedDateTime parseDateTime(String text) {
    Matcher matcher = DATE_TIME.matcher(text);
    if (!matcher.matches()) {
      return null;
    }
    try {
      return LocalDateTime.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
          Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(4)), Integer.parseInt(matcher.group(5)))
          .atZone(ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof String) {
      return "a string";
    }
    return value instanceof Boolean ? "a boolean" : "a number";
  }
}
