package sonar.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Encodes records in the JSON wire form byte for byte as the reference sender's Go encoder does: keys in
 * a fixed order, zero and empty optional fields left out, floats in Go's shortest form, NaN sent as 0 and
 * infinities as the largest double, and {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped as Go
 * escapes them. Thread-safe.
 */
public final class WireWriter {

  /** Present even when zero or empty, as Go's struct tags on the reference have no omitempty for them. */
  private static final List<ReadingField> ALWAYS_PRESENT = List.of(ReadingField.VERSION, ReadingField.TIME,
      ReadingField.CLUSTER, ReadingField.HOST, ReadingField.CORES, ReadingField.USER, ReadingField.CMD);

  private final JsonFactory factory = new JsonFactory().setCharacterEscapes(new GoEscapes());

  public byte[] readings(List<Reading> readings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(readings.size() * 320);
    try (JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartArray();
      for (Reading reading : readings) {
        json.writeStartObject();
        for (ReadingField field : ReadingField.values()) {
          writeField(json, reading, field);
        }
        json.writeEndObject();
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return out.toByteArray();
  }

  public byte[] heartbeats(List<Heartbeat> heartbeats) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(heartbeats.size() * 128);
    try (JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartArray();
      for (Heartbeat heartbeat : heartbeats) {
        json.writeStartObject();
        json.writeStringField("version", heartbeat.version());
        json.writeStringField("time", heartbeat.time());
        json.writeStringField("cluster", heartbeat.cluster());
        json.writeStringField("host", heartbeat.host());
        json.writeEndObject();
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return out.toByteArray();
  }

  private static void writeField(JsonGenerator json, Reading reading, ReadingField field) throws IOException {
    boolean always = ALWAYS_PRESENT.contains(field);
    switch (field.kind()) {
      case TEXT -> {
        String value = reading.text(field);
        if (always || !value.isEmpty()) {
          json.writeStringField(field.jsonName(), value);
        }
      }
      case UINT -> {
        long value = reading.unsigned(field);
        if (always || value != 0) {
          json.writeFieldName(field.jsonName());
          json.writeNumber(Long.toUnsignedString(value));
        }
      }
      case FLOAT -> {
        double value = sendable(reading.floating(field));
        if (always || value != 0) {
          json.writeFieldName(field.jsonName());
          json.writeNumber(GoFloat.formatJson(value));
        }
      }
    }
  }

  /** JSON has no NaN or infinity; the reference sends 0 and the largest double instead. */
  static double sendable(double value) {
    if (Double.isNaN(value)) {
      return 0;
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
    }
    return value;
  }

  /** The escapes of Go's {@code encoding/json} (1.22 and later) with HTML escaping on, its default. */
  private static final class GoEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final String HEX = "0123456789abcdef";

    private final int[] ascii = standardAsciiEscapesForJSON();

    GoEscapes() {
      for (int c = 0; c < 0x20; c++) {
        ascii[c] = ESCAPE_CUSTOM;
      }
      ascii['<'] = ESCAPE_CUSTOM;
      ascii['>'] = ESCAPE_CUSTOM;
      ascii['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int c) {
      return switch (c) {
        case '\b' -> new SerializedString("\\b");
        case '\f' -> new SerializedString("\\f");
        case '\n' -> new SerializedString("\\n");
        case '\r' -> new SerializedString("\\r");
        case '\t' -> new SerializedString("\\t");
        case '<', '>', '&', 0x2028, 0x2029 -> unicodeEscape(c);
        default -> c < 0x20 ? unicodeEscape(c) : null;
      };
    }

    private static SerializedString unicodeEscape(int c) {
      return new SerializedString("\\u" + HEX.charAt(c >> 12 & 0xF) + HEX.charAt(c >> 8 & 0xF)
          + HEX.charAt(c >> 4 & 0xF) + HEX.charAt(c & 0xF));
    }
  }
}
