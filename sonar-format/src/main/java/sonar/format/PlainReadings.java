package sonar.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the plain form of a 0.7 readings body, as sonar and the load generators send it, without the
 * general JSON parser: an array of objects whose keys are field names spelt exactly, each at most once,
 * whose strings are printable ASCII without escapes, and whose numbers are non-negative, with no
 * exponent, unsigned integers below 10^18 and floats of at most 15 digits. Anything else, however valid,
 * is not read here but left to {@link WireReader}'s parser, which reads it alike or names the fault: so
 * every body read here gives the readings the parser would give. Stateless.
 */
final class PlainReadings {

  private static final ReadingField[] FIELDS = ReadingField.values();
  private static final byte[][] NAMES = names();
  /** Digits of an unsigned integer read here: any 18 digits fit a long. */
  private static final int MAX_UNSIGNED_DIGITS = 18;
  /** Digits of a float read here, exact as a double (see {@link GoNumbers#plainDecimal}). */
  private static final int MAX_FLOAT_DIGITS = 15;
  /** A value that this reader does not take, for the parser to read. */
  private static final int NOT_PLAIN = -1;

  private PlainReadings() {}

  private static byte[][] names() {
    byte[][] names = new byte[FIELDS.length][];
    for (ReadingField field : FIELDS) {
      names[field.ordinal()] = field.jsonName().getBytes(StandardCharsets.US_ASCII);
    }
    return names;
  }

  /** @return the readings, or null when the body is not in the plain form */
  static List<Reading> read(byte[] body, int offset, int length) {
    int end = offset + length;
    int at = space(body, offset, end);
    if (at == end || body[at] != '[') {
      return null;
    }
    List<Reading> records = new ArrayList<>();
    at = space(body, at + 1, end);
    if (at < end && body[at] == ']') {
      return space(body, at + 1, end) == end ? records : null;
    }
    while (at < end) {
      Reading.Builder builder = new Reading.Builder();
      at = object(body, at, end, builder);
      if (at == NOT_PLAIN) {
        return null;
      }
      records.add(builder.build());
      at = space(body, at, end);
      if (at == end) {
        return null;
      }
      if (body[at] == ']') {
        return space(body, at + 1, end) == end ? records : null;
      }
      if (body[at] != ',') {
        return null;
      }
      at = space(body, at + 1, end);
    }
    return null;
  }

  /** Reads one object from its {@code {}; returns where it ends, past its {@code }}. */
  private static int object(byte[] body, int at, int end, Reading.Builder builder) {
    if (body[at] != '{') {
      return NOT_PLAIN;
    }
    at = space(body, at + 1, end);
    if (at < end && body[at] == '}') {
      return at + 1;
    }
    int seen = 0; // a bit per field: a key named twice is left to the parser
    int next = 0; // the field after the last one named, the likeliest next key
    while (at < end) {
      int field = key(body, at, end, next);
      if (field < 0 || (seen & (1 << field)) != 0) {
        return NOT_PLAIN;
      }
      seen |= 1 << field;
      next = field + 1;
      at = space(body, at + NAMES[field].length + 2, end);
      if (at == end || body[at] != ':') {
        return NOT_PLAIN;
      }
      at = value(body, space(body, at + 1, end), end, FIELDS[field], builder);
      if (at == NOT_PLAIN) {
        return NOT_PLAIN;
      }
      at = space(body, at, end);
      if (at == end) {
        return NOT_PLAIN;
      }
      if (body[at] == '}') {
        return at + 1;
      }
      if (body[at] != ',') {
        return NOT_PLAIN;
      }
      at = space(body, at + 1, end);
    }
    return NOT_PLAIN;
  }

  /** The ordinal of the field whose quoted name starts at {@code at}, trying {@code likely} first; or -1. */
  private static int key(byte[] body, int at, int end, int likely) {
    if (likely < FIELDS.length && isKey(body, at, end, NAMES[likely])) {
      return likely;
    }
    for (int field = 0; field < FIELDS.length; field++) {
      if (isKey(body, at, end, NAMES[field])) {
        return field;
      }
    }
    return -1;
  }

  private static boolean isKey(byte[] body, int at, int end, byte[] name) {
    int close = at + name.length + 1;
    if (close >= end || body[at] != '"' || body[close] != '"') {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (body[at + 1 + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static int value(byte[] body, int at, int end, ReadingField field, Reading.Builder builder) {
    if (at == end) {
      return NOT_PLAIN;
    }
    return switch (field.kind()) {
      case TEXT -> text(body, at, end, field, builder);
      case UINT -> unsigned(body, at, end, field, builder);
      case FLOAT -> floating(body, at, end, field, builder);
    };
  }

  private static int text(byte[] body, int at, int end, ReadingField field, Reading.Builder builder) {
    if (body[at] != '"') {
      return NOT_PLAIN;
    }
    int start = at + 1;
    for (int i = start; i < end; i++) {
      byte b = body[i];
      if (b == '"') {
        builder.text(field, new String(body, start, i - start, StandardCharsets.ISO_8859_1));
        return i + 1;
      }
      if (b < 0x20 || b > 0x7e || b == '\\') { // control, non-ASCII, escape
        return NOT_PLAIN;
      }
    }
    return NOT_PLAIN;
  }

  private static int unsigned(byte[] body, int at, int end, ReadingField field, Reading.Builder builder) {
    int digitsEnd = digits(body, at, end);
    int count = digitsEnd - at;
    if (count == 0 || count > MAX_UNSIGNED_DIGITS || (count > 1 && body[at] == '0')
        || !endsNumber(body, digitsEnd, end)) {
      return NOT_PLAIN;
    }
    long value = 0;
    for (int i = at; i < digitsEnd; i++) {
      value = value * 10 + (body[i] - '0');
    }
    builder.unsigned(field, value);
    return digitsEnd;
  }

  private static int floating(byte[] body, int at, int end, ReadingField field, Reading.Builder builder) {
    int whole = digits(body, at, end);
    if (whole == at || (whole - at > 1 && body[at] == '0')) {
      return NOT_PLAIN;
    }
    int stop = whole;
    int fraction = 0;
    if (whole < end && body[whole] == '.') {
      stop = digits(body, whole + 1, end);
      fraction = stop - whole - 1;
      if (fraction == 0) {
        return NOT_PLAIN;
      }
    }
    if ((whole - at) + fraction > MAX_FLOAT_DIGITS || !endsNumber(body, stop, end)) {
      return NOT_PLAIN;
    }
    long digits = 0;
    for (int i = at; i < stop; i++) {
      if (i != whole) {
        digits = digits * 10 + (body[i] - '0');
      }
    }
    // As GoNumbers.plainDecimal reads it, which is what the parser's path gives for such a decimal.
    builder.floating(field, digits / GoNumbers.POWERS_OF_TEN[fraction]);
    return stop;
  }

  private static int digits(byte[] body, int at, int end) {
    while (at < end && body[at] >= '0' && body[at] <= '9') {
      at++;
    }
    return at;
  }

  /** Whether a number may end here: at white space, a comma or the object's end, not an exponent or more. */
  private static boolean endsNumber(byte[] body, int at, int end) {
    if (at == end) {
      return false;
    }
    byte b = body[at];
    return b == ',' || b == '}' || b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /** Skips JSON white space. */
  private static int space(byte[] body, int at, int end) {
    while (at < end && (body[at] == ' ' || body[at] == '\t' || body[at] == '\n' || body[at] == '\r')) {
      at++;
    }
    return at;
  }
}
