package sonar.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders records as the lines the reference server stores: csvnamed fields in a fixed order, absent
 * values written out as zero or empty, quoted as Go's {@code encoding/csv} writer quotes them, ending in
 * {@code \n}. Written straight to UTF-8 bytes, as they are stored. Stateless.
 */
public final class StoredLine {

  /** The fields a line holds, in their order: all but the cluster, which the path carries. */
  private static final ReadingField[] FIELDS = fields();
  /** What goes before each field's value, {@code ,name=}, made once rather than appended a piece at a time. */
  private static final byte[][] PREFIXES = prefixes();

  private StoredLine() {}

  private static ReadingField[] fields() {
    List<ReadingField> fields = new ArrayList<>(List.of(ReadingField.values()));
    fields.remove(ReadingField.CLUSTER);
    return fields.toArray(new ReadingField[0]);
  }

  private static byte[][] prefixes() {
    byte[][] prefixes = new byte[FIELDS.length][];
    for (int i = 0; i < FIELDS.length; i++) {
      prefixes[i] = ((i == 0 ? "" : ",") + FIELDS[i].csvName() + "=").getBytes(StandardCharsets.US_ASCII);
    }
    return prefixes;
  }

  /** All seventeen fields but the cluster, which the path carries: {@code v=0.7.0,time=...,rolledup=0}. */
  public static void append(Utf8Builder out, Reading reading) {
    for (int i = 0; i < FIELDS.length; i++) {
      ReadingField field = FIELDS[i];
      switch (field.kind()) {
        case TEXT -> appendField(out, i, reading.text(field));
        case UINT -> appendUnsigned(out.append(PREFIXES[i]), reading.unsigned(field));
        case FLOAT -> GoFloat.appendG(out.append(PREFIXES[i]), reading.floating(field));
      }
    }
    out.append('\n');
  }

  /** {@code v=<v>,time=<t>,host=<h>,cores=0,user=_sonar_,job=0,pid=0,cmd=_heartbeat_}. */
  public static void append(Utf8Builder out, Heartbeat heartbeat) {
    appendField(out, "v", heartbeat.version());
    appendField(out.append(','), "time", heartbeat.time());
    appendField(out.append(','), "host", heartbeat.host());
    out.append(",cores=0,user=_sonar_,job=0,pid=0,cmd=").append(Reading.HEARTBEAT_COMMAND).append('\n');
  }

  private static void appendUnsigned(Utf8Builder out, long value) {
    if (value >= 0) {
      out.append(value);
    } else {
      out.append(Long.toUnsignedString(value));
    }
  }

  /** The line as text: its UTF-8 bytes decoded. */
  public static String of(Reading reading) {
    Utf8Builder out = new Utf8Builder(256);
    append(out, reading);
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  /** The line as text: its UTF-8 bytes decoded. */
  public static String of(Heartbeat heartbeat) {
    Utf8Builder out = new Utf8Builder(96);
    append(out, heartbeat);
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  /** Writes the field with its prefix, as {@link #appendField(Utf8Builder, String, String)} does. */
  private static void appendField(Utf8Builder out, int index, String value) {
    if (!needsQuotes(value)) {
      out.append(PREFIXES[index]).append(value);
      return;
    }
    appendField(index == 0 ? out : out.append(','), FIELDS[index].csvName(), value);
  }

  /**
   * Writes {@code name=value}, quoted as a whole when value holds a comma, a double quote, CR or LF. Go
   * also quotes a field that starts with white space or is exactly {@code \.}; a field starting with a
   * name never is.
   */
  private static void appendField(Utf8Builder out, String name, String value) {
    if (!needsQuotes(value)) {
      out.append(name).append('=').append(value);
      return;
    }
    out.append('"').append(name).append('=');
    // A run up to and including each quote, then the quote again: split at quotes, the runs split no
    // surrogate pair, so the bytes are those of the whole quoted text.
    int run = 0;
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) == '"') {
        out.append(value, run, i + 1).append('"');
        run = i + 1;
      }
    }
    out.append(value, run, value.length()).append('"');
  }

  private static boolean needsQuotes(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return true;
      }
    }
    return false;
  }
}
