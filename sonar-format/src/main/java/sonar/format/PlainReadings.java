package sonar.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the plain form of a 0.7 readings body, as sonar and the load generators send it, without the
 * general JSON parser: an array of objects whose keys are field names spelt exactly, each at most once,
 * whose strings are printable ASCII without escapes and within the parser's length limit ({@link
 * JsonLimits}), and whose numbers are non-negative, with no exponent, unsigned integers below 10^18 and
 * floats of at most 15 digits. Anything else, however valid, is not read here but left to {@link
 * WireReader}'s parser, which reads it alike or names the fault: so every body read here gives the
 * readings the parser would give. A value that repeats the one the record
 * before gave the field, as a node's version, time, cluster and host do, is shared rather than made
 * again. One instance reads one body.
 */
final class PlainReadings {

  private static final ReadingField[] FIELDS = fields();
  private static final byte[][] NAMES = names();
  /** Digits of an unsigned integer read here: any 18 digits fit a long. */
  private static final int MAX_UNSIGNED_DIGITS = 18;
  /** A value that this reader does not take, for the parser to read. */
  private static final int NOT_PLAIN = -1;

  private final byte[] body;
  private final int end;
  /** Per field, the text the record before gave it, and where that began in the body. */
  private final String[] lastText = new String[FIELDS.length];
  private final int[] lastStart = new int[FIELDS.length];

  private PlainReadings(byte[] body, int end) {
    this.body = body;
    this.end = end;
  }

  /** The fields, at most one bit each of the mask of keys a record has named. */
  private static ReadingField[] fields() {
    ReadingField[] fields = ReadingField.values();
    if (fields.length > Long.SIZE) {
      throw new AssertionError(fields.length + " reading fields do not fit the mask of keys seen");
    }
    return fields;
  }

  private static byte[][] names() {
    byte[][] names = new byte[FIELDS.length][];
    for (ReadingField field : FIELDS) {
      names[field.ordinal()] = field.jsonName().getBytes(StandardCharsets.US_ASCII);
    }
    return names;
  }

  /** @return the readings, or null when the body is not in the plain form */
  static List<Reading> read(byte[] body, int offset, int length) {
    return new PlainReadings(body, offset + length).read(offset);
  }

  private List<Reading> read(int offset) {
    int at = space(offset);
    if (at == end || body[at] != '[') {
      return null;
    }
    List<Reading> records = new ArrayList<>();
    at = space(at + 1);
    if (at < end && body[at] == ']') {
      return space(at + 1) == end ? records : null;
    }
    while (at < end) {
      Reading.Builder builder = new Reading.Builder();
      at = object(at, builder);
      if (at == NOT_PLAIN) {
        return null;
      }
      records.add(builder.build());
      at = space(at);
      if (at == end) {
        return null;
      }
      if (body[at] == ']') {
        return space(at + 1) == end ? records : null;
      }
      if (body[at] != ',') {
        return null;
      }
      at = space(at + 1);
    }
    return null;
  }

  /** Reads the object that starts at {@code at}; returns where it ends, past its closing brace. */
  private int object(int at, Reading.Builder builder) {
    if (body[at] != '{') {
      return NOT_PLAIN;
    }
    at = space(at + 1);
    if (at < end && body[at] == '}') {
      return at + 1;
    }
    long seen = 0; // a bit per field: a key named twice is left to the parser
    int next = 0; // the field after the last one named, the likeliest next key
    while (at < end) {
      int field = key(at, next);
      if (field < 0 || (seen & (1L << field)) != 0) {
        return NOT_PLAIN;
      }
      seen |= 1L << field;
      next = field + 1;
      at = space(at + NAMES[field].length + 2);
      if (at == end || body[at] != ':') {
        return NOT_PLAIN;
      }
      at = value(space(at + 1), FIELDS[field], builder);
      if (at == NOT_PLAIN) {
        return NOT_PLAIN;
      }
      at = space(at);
      if (at == end) {
        return NOT_PLAIN;
      }
      if (body[at] == '}') {
        return at + 1;
      }
      if (body[at] != ',') {
        return NOT_PLAIN;
      }
      at = space(at + 1);
    }
    return NOT_PLAIN;
  }

  /** The ordinal of the field whose quoted name starts at {@code at}, trying {@code likely} first; or -1. */
  private int key(int at, int likely) {
    if (likely < FIELDS.length && isKey(at, NAMES[likely])) {
      return likely;
    }
    for (int field = 0; field < FIELDS.length; field++) {
      if (isKey(at, NAMES[field])) {
        return field;
      }
    }
    return -1;
  }

  private boolean isKey(int at, byte[] name) {
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

  private int value(int at, ReadingField field, Reading.Builder builder) {
    if (at == end) {
      return NOT_PLAIN;
    }
    return switch (field.kind()) {
      case TEXT -> text(at, field, builder);
      case UINT -> unsigned(at, field, builder);
      case FLOAT -> floating(at, field, builder);
    };
  }

  private int text(int at, ReadingField field, Reading.Builder builder) {
    if (body[at] != '"') {
      return NOT_PLAIN;
    }
    int start = at + 1;
    int stop = (int) Math.min(end, (long) start + JsonLimits.MAX_STRING_LENGTH + 1); // longer: the parser refuses it
    for (int i = start; i < stop; i++) {
      byte b = body[i];
      if (b == '"') {
        builder.text(field, shared(field, start, i));
        return i + 1;
      }
      if (b < 0x20 || b > 0x7e || b == '\\') { // control, non-ASCII, escape
        return NOT_PLAIN;
      }
    }
    return NOT_PLAIN;
  }

  /** The text between start and stop: the one the record before gave the field when the bytes are the same. */
  private String shared(ReadingField field, int start, int stop) {
    int f = field.ordinal();
    String last = lastText[f];
    if (last != null && last.length() == stop - start
        && Arrays.equals(body, start, stop, body, lastStart[f], lastStart[f] + last.length())) {
      return last;
    }
    lastText[f] = new String(body, start, stop - start, StandardCharsets.ISO_8859_1);
    lastStart[f] = start;
    return lastText[f];
  }

  private int unsigned(int at, ReadingField field, Reading.Builder builder) {
    int digitsEnd = digits(at);
    int count = digitsEnd - at;
    if (count == 0 || count > MAX_UNSIGNED_DIGITS || (count > 1 && body[at] == '0')
        || !endsNumber(digitsEnd)) {
      return NOT_PLAIN;
    }
    long value = 0;
    for (int i = at; i < digitsEnd; i++) {
      value = value * 10 + (body[i] - '0');
    }
    builder.unsigned(field, value);
    return digitsEnd;
  }

  private int floating(int at, ReadingField field, Reading.Builder builder) {
    int whole = digits(at);
    if (whole == at || (whole - at > 1 && body[at] == '0')) {
      return NOT_PLAIN;
    }
    int stop = whole;
    int fraction = 0;
    if (whole < end && body[whole] == '.') {
      stop = digits(whole + 1);
      fraction = stop - whole - 1;
      if (fraction == 0) {
        return NOT_PLAIN;
      }
    }
    if ((whole - at) + fraction > GoNumbers.MAX_EXACT_DIGITS || !endsNumber(stop)) {
      return NOT_PLAIN;
    }
    long digits = 0;
    for (int i = at; i < stop; i++) {
      if (i != whole) {
        digits = digits * 10 + (body[i] - '0');
      }
    }
    // As GoNumbers.plainDecimal reads it, which is what the parser's path gives for such a decimal.
    builder.floating(field, GoNumbers.exactDecimal(digits, fraction));
    return stop;
  }

  private int digits(int at) {
    while (at < end && body[at] >= '0' && body[at] <= '9') {
      at++;
    }
    return at;
  }

  /** Whether a number may end here: at white space, a comma or the object's end, not an exponent or more. */
  private boolean endsNumber(int at) {
    if (at == end) {
      return false;
    }
    byte b = body[at];
    return b == ',' || b == '}' || b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /** Skips JSON white space. */
  private int space(int at) {
    while (at < end && (body[at] == ' ' || body[at] == '\t' || body[at] == '\n' || body[at] == '\r')) {
      at++;
    }
    return at;
  }
}
