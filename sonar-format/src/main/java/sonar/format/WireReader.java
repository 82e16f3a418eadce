package sonar.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the JSON wire form (a JSON array of reading or heartbeat objects) as the reference server's Go
 * decoder does: keys match case-insensitively, unknown keys are ignored, {@code null} leaves a field
 * absent, the last of duplicate keys wins. It is stricter where Go would store nonsense: a value of the
 * wrong type, a negative or fractional integer, or a float beyond the double range fails the whole body.
 * Thread-safe.
 */
public final class WireReader {

  private static final BigInteger MAX_UNSIGNED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final int MAX_QUOTED_VALUE = 60;

  private static final List<ReadingField> HEARTBEAT_FIELDS =
      List.of(ReadingField.VERSION, ReadingField.TIME, ReadingField.CLUSTER, ReadingField.HOST);

  /** Each field's JSON name, quoted and encoded once, for the parser to match a key's bytes against. */
  private static final SerializableString[] NAMES = names();

  private final JsonFactory factory = JsonLimits.factory();
  private final Map<String, ReadingField> readingKeys = keys(List.of(ReadingField.values()));
  private final Map<String, ReadingField> heartbeatKeys = keys(HEARTBEAT_FIELDS);

  /**
   * @throws IllegalArgumentException naming the record (counting from 1) and the problem
   */
  public List<Reading> readings(byte[] body, int offset, int length) {
    List<Reading> plain = PlainReadings.read(body, offset, length); // most bodies, at less cost
    return plain != null ? plain : readingsByParser(body, offset, length);
  }

  /** As {@link #readings}, always with the general parser. */
  List<Reading> readingsByParser(byte[] body, int offset, int length) {
    return read(body, offset, length, readingKeys, ReadingField.values(), builder -> builder.build());
  }

  /** Heartbeats carry version, time, cluster and host; other keys are ignored. */
  public List<Heartbeat> heartbeats(byte[] body, int offset, int length) {
    return read(body, offset, length, heartbeatKeys, HEARTBEAT_FIELDS.toArray(new ReadingField[0]), builder -> {
      Reading reading = builder.build();
      return new Heartbeat(reading.version(), reading.time(), reading.cluster(), reading.host());
    });
  }

  private interface Finisher<T> {
    T finish(Reading.Builder builder);
  }

  /**
   * @param order the fields in the order the first record is expected to name them, all of them keys; then
   *     the order the record before named them in, as a node's records all name theirs alike
   */
  private <T> List<T> read(byte[] body, int offset, int length, Map<String, ReadingField> keys, ReadingField[] order,
      Finisher<T> finisher) {
    List<T> records = new ArrayList<>();
    try (JsonParser parser = factory.createParser(body, offset, length)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IllegalArgumentException("empty body: expected a JSON array");
      }
      if (first != JsonToken.VALUE_NULL) {
        if (first != JsonToken.START_ARRAY) {
          throw new IllegalArgumentException("expected a JSON array, found " + describe(first));
        }
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
          int number = records.size() + 1;
          Reading.Builder builder = new Reading.Builder();
          if (token == JsonToken.START_OBJECT) {
            readObject(parser, keys, order, builder, number);
          } else if (token != JsonToken.VALUE_NULL) {
            throw new IllegalArgumentException("record " + number + ": expected a JSON object, found "
                + describe(token));
          }
          records.add(finisher.finish(builder));
        }
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("unexpected data after the JSON array");
      }
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a body held in memory", e);
    }
    return records;
  }

  /**
   * JSON that does not parse, in the words every endpoint uses: where, and what the parser found; or which
   * of the {@link JsonLimits} it went past (the parser does not say where).
   */
  public static IllegalArgumentException malformed(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException limit) {
      return new IllegalArgumentException(JsonLimits.describe(limit), e);
    }
    String where = e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    return new IllegalArgumentException("malformed JSON" + where + ": " + e.getOriginalMessage(), e);
  }

  /**
   * Reads one record's keys and values. The key at each place is first matched as bytes against the field
   * the order expects there, which spares the parser's name lookup and the map's; any other key is looked
   * up and becomes what the next record is expected to name at that place.
   */
  private void readObject(JsonParser parser, Map<String, ReadingField> keys, ReadingField[] order,
      Reading.Builder builder, int number) throws IOException {
    for (int place = 0; ; place++) {
      ReadingField expected = place < order.length ? order[place] : null;
      ReadingField field;
      if (expected != null && parser.nextFieldName(NAMES[expected.ordinal()])) {
        field = expected;
      } else {
        if (expected == null) {
          parser.nextToken();
        }
        if (!parser.hasToken(JsonToken.FIELD_NAME)) {
          return;
        }
        String key = parser.currentName();
        field = keys.get(key);
        if (field == null) {
          field = keys.get(fold(key));
        }
        if (field != null && place < order.length) {
          order[place] = field;
        }
      }
      JsonToken value = parser.nextToken();
      if (field == null) {
        parser.skipChildren();
      } else if (value != JsonToken.VALUE_NULL) {
        set(parser, value, field, builder, number);
      }
    }
  }

  private static void set(JsonParser parser, JsonToken value, ReadingField field, Reading.Builder builder, int number)
      throws IOException {
    switch (field.kind()) {
      case TEXT -> {
        if (value != JsonToken.VALUE_STRING) {
          throw badValue(parser, value, field, number, "a string");
        }
        builder.text(field, parser.getText());
      }
      case UINT -> builder.unsigned(field, unsigned(parser, value, field, number));
      case FLOAT -> {
        if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
          throw badValue(parser, value, field, number, "a number");
        }
        double number64 = GoNumbers.plainDecimal(
            CharBuffer.wrap(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength()));
        if (number64 < 0) { // negative, an exponent, or more digits than the short way reads exactly
          number64 = parser.getDoubleValue();
        }
        if (Double.isInfinite(number64)) {
          throw badValue(parser, value, field, number, "a number within the range of a double");
        }
        builder.floating(field, number64);
      }
    }
  }

  private static long unsigned(JsonParser parser, JsonToken value, ReadingField field, int number) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT || parser.getTextCharacters()[parser.getTextOffset()] == '-') {
      throw badValue(parser, value, field, number, "a non-negative integer");
    }
    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      BigInteger big = parser.getBigIntegerValue();
      if (big.compareTo(MAX_UNSIGNED) > 0) {
        throw badValue(parser, value, field, number, "an integer below 2^64");
      }
      return big.longValue();
    }
    return parser.getLongValue();
  }

  private static IllegalArgumentException badValue(
      JsonParser parser, JsonToken value, ReadingField field, int number, String expected) throws IOException {
    String found = value.isScalarValue() ? quote(parser.getText()) : describe(value);
    return new IllegalArgumentException(
        "record " + number + ": \"" + field.jsonName() + "\" must be " + expected + ", not " + found);
  }

  private static String quote(String text) {
    return text.length() <= MAX_QUOTED_VALUE ? text : text.substring(0, MAX_QUOTED_VALUE) + "...";
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }

  private static SerializableString[] names() {
    SerializableString[] names = new SerializableString[ReadingField.values().length];
    for (ReadingField field : ReadingField.values()) {
      names[field.ordinal()] = new SerializedString(field.jsonName());
    }
    return names;
  }

  private static Map<String, ReadingField> keys(List<ReadingField> fields) {
    Map<String, ReadingField> keys = new HashMap<>();
    for (ReadingField field : fields) {
      keys.put(field.jsonName(), field);
    }
    return Map.copyOf(keys);
  }

  /**
   * Go's case folding of JSON keys: ASCII letters to lower case, other characters through upper then
   * lower case, so that the Kelvin sign matches {@code k} and the long s matches {@code s}.
   */
  static String fold(String key) {
    StringBuilder folded = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); ) {
      int c = key.codePointAt(i);
      i += Character.charCount(c);
      if (c < 0x80) {
        folded.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
      } else {
        folded.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c)));
      }
    }
    return folded.toString();
  }
}
