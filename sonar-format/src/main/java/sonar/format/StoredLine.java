package sonar.format;

/**
 * Renders records as the lines the reference server stores: csvnamed fields in a fixed order, absent
 * values written out as zero or empty, quoted as Go's {@code encoding/csv} writer quotes them, ending in
 * {@code \n}. Stateless.
 */
public final class StoredLine {

  private StoredLine() {}

  /** All seventeen fields but the cluster, which the path carries: {@code v=0.7.0,time=...,rolledup=0}. */
  public static void append(StringBuilder out, Reading reading) {
    boolean first = true;
    for (ReadingField field : ReadingField.values()) {
      if (field == ReadingField.CLUSTER) {
        continue;
      }
      if (!first) {
        out.append(',');
      }
      first = false;
      switch (field.kind()) {
        case TEXT -> appendField(out, field.csvName(), reading.text(field));
        case UINT -> appendUnsigned(out.append(field.csvName()).append('='), reading.unsigned(field));
        case FLOAT -> GoFloat.appendG(out.append(field.csvName()).append('='), reading.floating(field));
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
