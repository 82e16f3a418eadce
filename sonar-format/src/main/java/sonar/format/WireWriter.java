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
  /** {@code "name":} of each field, by ordinal: copied whole rather than character by character. */
  private static final byte[][] NAMES = names();
  /** The ASCII characters Go escapes, by code: looked up per byte without a call. */
  private static final boolean[] ESCAPED = JsonStrings.goEscapedAscii();

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
    writeName(out, "version");
    writeString(out, heartbeat.version());
    writeName(out, "time");
    writeString(out, heartbeat.time());
    writeName(out, "cluster");
    writeString(out, heartbeat.cluster());
    writeName(out, "host");
    writeString(out, heartbeat.host());
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
          writeName(out, field);
          writeString(out, value);
        }
      }
      case UINT -> {
        long value = reading.unsigned(field);
        if (always || value != 0) {
          writeName(out, field);
          out.ascii(Long.toUnsignedString(value));
        }
      }
      case FLOAT -> {
        double value = sendable(reading.floating(field));
        if (always || value != 0) {
          writeName(out, field);
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
    out.ascii("\"" + name + "\":"); // the field names are plain ASCII
  }

  private static void writeName(Out out, ReadingField field) {
    if (out.length > 1) {
      out.add(',');
    }
    out.append(NAMES[field.ordinal()]);
  }

  private static byte[][] names() {
    byte[][] names = new byte[FIELDS.length][];
    for (ReadingField field : FIELDS) {
      names[field.ordinal()] = ("\"" + field.jsonName() + "\":").getBytes(StandardCharsets.US_ASCII);
    }
    return names;
  }

  private static void writeString(Out out, String value) {
    // Over the UTF-8 form, copying runs of bytes that need no escape whole: a plain loop over an array
    // costs a short run far less than charAt, which interpreted is a chain of calls per character.
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.add('"');
    int run = 0; // where the bytes not yet written start
    for (int i = 0; i < utf8.length; i++) {
      byte b = utf8[i];
      boolean lineOrParagraphSeparator = b == (byte) 0xE2 && i + 2 < utf8.length && utf8[i + 1] == (byte) 0x80
          && (utf8[i + 2] == (byte) 0xA8 || utf8[i + 2] == (byte) 0xA9); // U+2028, U+2029: Go escapes them
      if (lineOrParagraphSeparator || (b >= 0 && ESCAPED[b])) {
        out.append(utf8, run, i - run);
        if (lineOrParagraphSeparator) {
          writeAscii(out, utf8[i + 2] == (byte) 0xA8 ? "\\u2028" : "\\u2029");
          i += 2;
        } else {
          writeAscii(out, JsonStrings.goEscape((char) b));
        }
        run = i + 1;
      }
    }
    out.append(utf8, run, utf8.length - run);
    out.add('"');
  }

  private static void writeAscii(Out out, String text) {
    for (int i = 0; i < text.length(); i++) {
      out.add(text.charAt(i));
    }
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

    /** Makes room for count more bytes. */
    void reserve(int count) {
      if (length + count > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
      }
    }

    void ascii(String text) {
      append(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void append(byte[] more) {
      append(more, 0, more.length);
    }

    void append(byte[] more, int offset, int count) {
      reserve(count);
      System.arraycopy(more, offset, bytes, length, count);
      length += count;
    }

    byte[] bytes() {
      return Arrays.copyOf(bytes, length);
    }
  }
}
