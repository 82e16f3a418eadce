package sonar.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders records as the lines the reference server stores: csvnamed fields in a fixed order, absent
 * values written out as zero or empty, quoted as Go's {@code encoding/csv} writer quotes them, ending in
 * {@code \n}. Stateless.
 */
public final class StoredLine {

  /** The fields a line holds, in their order: all but the cluster, which the path carries. */
  private static final ReadingField[] FIELDS = fields();
  /** What goes before each field's value, {@code ,name=}, made once rather than appended a piece at a time. */
  private static final String[] PREFIXES = prefixes();

  private StoredLine() {}

  private static ReadingField[] fields() {
    List<ReadingField> fields = new ArrayList<>(List.of(ReadingField.values()));
    fields.remove(ReadingField.CLUSTER);
    return fields.toArray(new ReadingField[0]);
  }

  private static String[] prefixes() {
    String[] prefixes = new String[FIELDS.length];
    for (int i = 0; i < FIELDS.length; i++) {
      prefixes[i] = (i == 0 ? "" : ",") + FIELDS[i].csvName() + "=";
    }
    return prefixes;
  }

  /** All seventeen fields but the cluster, which the path carries: {@code v=0.7.0,time=...,rolledup=0}. */
  public static void append(StringBuilder out, Reading reading) {
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
  public static void append(StringBuilder out, Heartbeat heartbeat) {
    appendField(out, "v", heartbeat.version());
    appendField(out.append(','), "time", heartbeat.time());
    appendField(out.append(','), "host", heartbeat.host());
    out.append(",cores=0,user=_sonar_,job=0,pid=0,cmd=").append(Reading.HEARTBEAT_COMMAND).append('\n');
  }

  private static void appendUnsigned(StringBuilder out, long value) {
    if (value >= 0) {
      out.append(value);
    } else {
      out.append(Long.toUnsignedString(value));
    }
  }

  public static String of(Reading reading) {
    StringBuilder out = new StringBuilder(256);
    append(out, reading);
    return out.toString();
  }

  public static String of(Heartbeat heartbeat) {
    StringBuilder out = new StringBuilder(96);
    append(out, heartbeat);
    return out.toString();
  }

  /** Writes the field with its prefix, as {@link #appendField(StringBuilder, String, String)} does. */
  private static void appendField(StringBuilder out, int index, String value) {
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
  private static void appendField(StringBuilder out, String name, String value) {
    if (!needsQuotes(value)) {
      out.append(name).append('=').append(value);
      return;
    }
    out.append('"').append(name).append('=');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
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
