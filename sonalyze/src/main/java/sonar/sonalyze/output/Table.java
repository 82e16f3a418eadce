package sonar.sonalyze.output;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes rows in the form a {@link Format} asks for, byte for byte as the reference does: fixed
 * columns padded to the widest cell and joined by two spaces, trailing blanks trimmed; RFC 4180 csv
 * (quoted only when needed), optionally {@code name=value}; one json array of objects with string
 * values; awk lines of space-separated values with spaces turned into {@code _}. A tag, if any, comes
 * last. Stateless.
 */
public final class Table {

  private Table() {}

  public static <T> void write(Writer out, Format format, Fields<T> fields, List<T> rows) throws IOException {
    List<Function<T, String>> columns = new ArrayList<>(format.fields().size());
    for (String name : format.fields()) {
      columns.add(fields.formatter(name));
    }
    if (format.csv()) {
      csv(out, format, columns, rows);
    } else if (format.json()) {
      json(out, format, columns, rows);
    } else if (format.awk()) {
      awk(out, format, columns, rows);
    } else {
      fixed(out, format, columns, rows);
    }
  }

  private static <T> void fixed(Writer out, Format format, List<Function<T, String>> columns, List<T> rows)
      throws IOException {
    List<String> names = format.fields();
    String tag = format.tag();
    int count = columns.size() + (tag != null ? 1 : 0);
    int[] widths = new int[count];
    if (format.header()) {
      for (int i = 0; i < names.size(); i++) {
        widths[i] = Math.max(widths[i], names.get(i).length());
      }
      if (tag != null) {
        widths[columns.size()] = 3;
      }
    }
    // The reference measures cells in bytes and pads in characters; so do we, for the same bytes.
    for (T row : rows) {
      for (int i = 0; i < columns.size(); i++) {
        widths[i] = Math.max(widths[i], utf8Length(columns.get(i).apply(row)));
      }
      if (tag != null) {
        widths[columns.size()] = Math.max(widths[columns.size()], utf8Length(tag));
      }
    }
    StringBuilder line = new StringBuilder(256);
    if (format.header()) {
      for (int i = 0; i < names.size(); i++) {
        pad(line, names.get(i), widths[i]);
      }
      if (tag != null) {
        pad(line, "tag", widths[columns.size()]);
      }
      endLine(out, line);
    }
    for (T row : rows) {
      for (int i = 0; i < columns.size(); i++) {
        pad(line, columns.get(i).apply(row), widths[i]);
      }
      if (tag != null) {
        pad(line, tag, widths[columns.size()]);
      }
      endLine(out, line);
    }
  }

  private static void pad(StringBuilder line, String cell, int width) {
    line.append(cell);
    for (int n = cell.codePointCount(0, cell.length()); n < width; n++) {
      line.append(' ');
    }
    line.append("  ");
  }

  private static void endLine(Writer out, StringBuilder line) throws IOException {
    int end = line.length();
    while (end > 0) {
      int c = Character.codePointBefore(line, end);
      if (!RustText.isWhitespace(c)) {
        break;
      }
      end -= Character.charCount(c);
    }
    line.setLength(end);
    line.append('\n');
    out.append(line);
    line.setLength(0);
  }

  private static <T> void csv(Writer out, Format format, List<Function<T, String>> columns, List<T> rows)
      throws IOException {
    List<String> names = format.fields();
    String tag = format.tag();
    CsvLine line = new CsvLine();
    if (format.header()) {
      for (String name : names) {
        line.field(name);
      }
      if (tag != null) {
        line.field("tag");
      }
      line.end(out);
    }
    for (T row : rows) {
      for (int i = 0; i < columns.size(); i++) {
        String value = columns.get(i).apply(row);
        if (format.nodefaults() && value.equals(Fields.SKIP)) {
          continue;
        }
        line.field(format.named() ? names.get(i) + "=" + value : value);
      }
      if (tag != null) {
        line.field(format.named() ? "tag=" + tag : tag);
      }
      line.end(out);
    }
  }

  /** One csv record being written: fields quoted only when they hold a comma, quote, CR or LF. */
  private static final class CsvLine {
    private final StringBuilder text = new StringBuilder(256);
    private int fields;

    void field(String field) {
      if (fields++ > 0) {
        text.append(',');
      }
      boolean quote = false;
      for (int i = 0; i < field.length() && !quote; i++) {
        char c = field.charAt(i);
        quote = c == ',' || c == '"' || c == '\n' || c == '\r';
      }
      if (!quote) {
        text.append(field);
        return;
      }
      text.append('"');
      for (int i = 0; i < field.length(); i++) {
        char c = field.charAt(i);
        if (c == '"') {
          text.append('"');
        }
        text.append(c);
      }
      text.append('"');
    }

    /** As the reference's csv writer, a record that wrote nothing (no fields, or one empty one) is {@code ""}. */
    void end(Writer out) throws IOException {
      if (text.length() == 0) {
        text.append("\"\"");
      }
      out.append(text).append('\n');
      text.setLength(0);
      fields = 0;
    }
  }

  private static <T> void json(Writer out, Format format, List<Function<T, String>> columns, List<T> rows)
      throws IOException {
    List<String> names = format.fields();
    StringBuilder text = new StringBuilder(256);
    out.append('[');
    boolean firstRow = true;
    List<String> keys = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (T row : rows) {
      keys.clear();
      values.clear();
      for (int i = 0; i < columns.size(); i++) {
        String value = columns.get(i).apply(row);
        if (format.nodefaults() && value.equals(Fields.SKIP)) {
          continue;
        }
        put(keys, values, names.get(i), value);
      }
      if (format.tag() != null) {
        put(keys, values, "tag", format.tag());
      }
      if (!firstRow) {
        text.append(',');
      }
      firstRow = false;
      Json.object(text, keys, values);
      out.append(text);
      text.setLength(0);
    }
    out.append(']');
  }

  /** A repeated key keeps its place and takes the new value, as the reference's JSON objects do. */
  private static void put(List<String> keys, List<String> values, String key, String value) {
    int at = keys.indexOf(key);
    if (at >= 0) {
      values.set(at, value);
    } else {
      keys.add(key);
      values.add(value);
    }
  }

  private static <T> void awk(Writer out, Format format, List<Function<T, String>> columns, List<T> rows)
      throws IOException {
    StringBuilder line = new StringBuilder(256);
    for (T row : rows) {
      for (Function<T, String> column : columns) {
        String value = column.apply(row);
        if (format.nodefaults() && value.equals(Fields.SKIP)) {
          continue;
        }
        if (line.length() > 0) {
          line.append(' ');
        }
        line.append(value.replace(' ', '_'));
      }
      if (format.tag() != null) {
        if (line.length() > 0) {
          line.append(' ');
        }
        line.append(format.tag());
      }
      line.append('\n');
      out.append(line);
      line.setLength(0);
    }
  }

  static int utf8Length(String text) {
    int length = text.length();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        length += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
      }
    }
    return length;
  }
}
