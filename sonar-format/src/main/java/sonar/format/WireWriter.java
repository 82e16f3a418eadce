package sonar.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes records in the JSON wire form byte for byte as the reference sender's Go encoder does: keys in
 * a fixed order, zero and empty optional fields left out, floats in Go's shortest form, NaN sent as 0 and
 * infinities as the largest double, and {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped as Go
 * escapes them. A body is a JSON array of objects, {@code [{...},{...}]}, without white space; a sender
 * may encode the objects one by one ({@link #reading}, {@link #heartbeat}) and join them with
 * {@link #array}. Written by hand rather than with a JSON library: the sender runs on every node every
 * few minutes, and setting up a generator cost it more CPU than encoding its records. Stateless;
 * thread-safe.
 */
public final class WireWriter {

  /** Present even when zero or empty, as Go's struct tags on the reference have no omitempty for them. */
  private static final boolean[] ALWAYS_PRESENT = alwaysPresent(ReadingField.VERSION, ReadingField.TIME,
      ReadingField.CLUSTER, ReadingField.HOST, ReadingField.CORES, ReadingField.USER, ReadingField.CMD);
  private static final ReadingField[] FIELDS = ReadingField.values();
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** A body of readings: a JSON array. */
  public byte[] readings(List<Reading> readings) {
    byte[][] objects = new byte[readings.size()][];
    for (int i = 0; i < objects.length; i++) {
      objects[i] = reading(readings.get(i));
    }
    return array(objects, objects.length);
  }

  /** A body of heartbeats: a JSON array. */
  public byte[] heartbeats(List<Heartbeat> heartbeats) {
    byte[][] objects = new byte[heartbeats.size()][];
    for (int i = 0; i < objects.length; i++) {
      objects[i] = heartbeat(heartbeats.get(i));
    }
    return array(objects, objects.length);
  }

  /** One reading as a JSON object, an element of a body. */
  public byte[] reading(Reading reading) {
    Out out = new Out(320);
    out.add('{');
    for (ReadingField field : FIELDS) {
      writeField(out, reading, field);
    }
    out.add('}');
    return out.bytes();
  }

  /** One heartbeat as a JSON object, an element of a body. */
  public byte[] heartbeat(Heartbeat heartbeat) {
    Out out = new Out(128);
    out.add('{');
    writeString(out, "version", heartbeat.version());
    writeString(out, "time", heartbeat.time());
    writeString(out, "cluster", heartbeat.cluster());
    writeString(out, "host", heartbeat.host());
    out.add('}');
    return out.bytes();
  }

  /** The first count objects joined into a body: {@code [a,b,...]}. */
  public static byte[] array(byte[][] objects, int count) {
    int length = 2 + Math.max(0, count - 1);
    for (int i = 0; i < count; i++) {
      length += objects[i].length;
    }
    byte[] body = new byte[length];
    body[0] = '[';
    int at = 1;
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        body[at++] = ',';
      }
      System.arraycopy(objects[i], 0, body, at, objects[i].length);
      at += objects[i].length;
    }
    body[at] = ']';
    return body;
  }

  private static void writeField(Out out, Reading reading, ReadingField field) {
    boolean always = ALWAYS_PRESENT[field.ordinal()];
    switch (field.kind()) {
      case TEXT -> {
        String value = reading.text(field);
        if (always || !value.isEmpty()) {
          writeString(out, field.jsonName(), value);
        }
      }
      case UINT -> {
        long value = reading.unsigned(field);
        if (always || value != 0) {
          writeName(out, field.jsonName());
          out.ascii(Long.toUnsignedString(value));
        }
      }
      case FLOAT -> {
        double value = sendable(reading.floating(field));
        if (always || value != 0) {
          writeName(out, field.jsonName());
          out.ascii(GoFloat.formatJson(value));
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

  private static void writeName(Out out, String name) {
    if (out.length > 1) {
      out.add(',');
    }
    out.add('"');
    out.ascii(name); // the field names are plain ASCII
    out.add('"');
    out.add(':');
  }

  private static void writeString(Out out, String name, String value) {
    writeName(out, name);
    out.add('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        writeAscii(out, c);
      } else if (c == 0x2028 || c == 0x2029) {
        writeUnicodeEscape(out, c);
      } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, value.charAt(++i));
        out.add(0xF0 | codePoint >> 18);
        out.add(0x80 | (codePoint >> 12 & 0x3F));
        out.add(0x80 | (codePoint >> 6 & 0x3F));
        out.add(0x80 | (codePoint & 0x3F));
      } else if (Character.isSurrogate(c)) {
        // A lone surrogate cannot be UTF-8; text decoded from bytes never holds one, as Go's never does.
        writeUnicodeEscape(out, 0xFFFD);
      } else if (c < 0x800) {
        out.add(0xC0 | c >> 6);
        out.add(0x80 | (c & 0x3F));
      } else {
        out.add(0xE0 | c >> 12);
        out.add(0x80 | (c >> 6 & 0x3F));
        out.add(0x80 | (c & 0x3F));
      }
    }
    out.add('"');
  }

  /** Go's {@code encoding/json} (1.22 and later) with HTML escaping on, its default. */
  private static void writeAscii(Out out, char c) {
    switch (c) {
      case '"' -> out.add('\\').add('"');
      case '\\' -> out.add('\\').add('\\');
      case '\b' -> out.add('\\').add('b');
      case '\f' -> out.add('\\').add('f');
      case '\n' -> out.add('\\').add('n');
      case '\r' -> out.add('\\').add('r');
      case '\t' -> out.add('\\').add('t');
      case '<', '>', '&' -> writeUnicodeEscape(out, c);
      default -> {
        if (c < 0x20) {
          writeUnicodeEscape(out, c);
        } else {
          out.add(c);
        }
      }
    }
  }

  private static void writeUnicodeEscape(Out out, int c) {
    out.add('\\').add('u').add(HEX[c >> 12 & 0xF]).add(HEX[c >> 8 & 0xF]).add(HEX[c >> 4 & 0xF]).add(HEX[c & 0xF]);
  }

  private static boolean[] alwaysPresent(ReadingField... fields) {
    boolean[] present = new boolean[ReadingField.values().length];
    for (ReadingField field : fields) {
      present[field.ordinal()] = true;
    }
    return present;
  }

  /** A growing byte array; cheaper to start than a stream. */
  private static final class Out {
    private byte[] bytes;
    private int length;

    Out(int capacity) {
      bytes = new byte[capacity];
    }

    Out add(int b) {
      if (length == bytes.length) {
        bytes = Arrays.copyOf(bytes, bytes.length * 2);
      }
      bytes[length++] = (byte) b;
      return this;
    }

    void ascii(String text) {
      for (int i = 0; i < text.length(); i++) {
        add(text.charAt(i));
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(bytes, length);
    }
  }
}
