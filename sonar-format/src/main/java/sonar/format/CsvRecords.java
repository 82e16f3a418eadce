package sonar.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into CSV records as Go's {@code encoding/csv} reader does with its defaults: fields
 * separated by commas, any number of fields per record, a field in double quotes may hold commas, doubled
 * quotes and line breaks, {@code \r\n} reads as {@code \n}, empty lines are skipped, a quote inside an
 * unquoted field is an error. An error spoils one record only; reading goes on after it. Not thread-safe.
 */
public final class CsvRecords {

  /** One record, or the reason it could not be read; line is where it starts, counting from 1. */
  public record Result(int line, List<String> fields, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private enum FieldEnd { FIELD, RECORD, ERROR }

  /** The text as an array: indexing one costs a short-lived JVM far less than String.charAt. */
  private final char[] text;
  private final int length;
  private int at;
  private int line;
  private String problem;
  private int recordStart;
  private int recordEnd;

  public CsvRecords(String text) {
    this(text, 1);
  }

  /**
   * @param firstLine the number of the text's first line, for text that continues earlier text: a reader
   *     that feeds a long input piece by piece, cut between records, counts lines as over the whole
   */
  public CsvRecords(String text, int firstLine) {
    this.text = text.toCharArray();
    this.length = this.text.length;
    this.line = firstLine;
  }

  /** @return the next record, or null at the end of the text */
  public Result next() {
    skipEmptyLines();
    if (at >= length) {
      return null;
    }
    int startLine = line;
    recordStart = at;
    List<String> fields = new ArrayList<>();
    String error = null;
    while (true) {
      FieldEnd end;
      if (text[at] == '"') {
        end = quotedField(fields);
      } else {
        end = plainField(fields);
      }
      if (end == FieldEnd.ERROR) {
        error = problem;
        skipRestOfLine();
        break;
      }
      if (end == FieldEnd.RECORD) {
        break;
      }
      if (at >= length) { // a trailing comma at the very end: one more empty field
        fields.add("");
        break;
      }
    }
    recordEnd = at;
    if (recordEnd > recordStart && text[recordEnd - 1] == '\n') {
      recordEnd--;
      if (recordEnd > recordStart && text[recordEnd - 1] == '\r') {
        recordEnd--;
      }
    }
    return new Result(startLine, error == null ? fields : List.of(), error);
  }

  /** The text of the record {@link #next} returned last, as it stands in the input, without its line end. */
  public String lastRecordText() {
    return new String(text, recordStart, recordEnd - recordStart);
  }

  private FieldEnd plainField(List<String> fields) {
    int start = at;
    while (at < length && text[at] != ',' && text[at] != '\n') {
      if (text[at] == '"') {
        return fail("bare \" in non-quoted field");
      }
      at++;
    }
    int end = at;
    if (end > start && text[end - 1] == '\r' && at < length && text[at] == '\n') {
      end--;
    }
    fields.add(new String(text, start, end - start));
    return afterField();
  }

  private FieldEnd quotedField(List<String> fields) {
    StringBuilder value = new StringBuilder();
    at++; // opening quote
    while (true) {
      if (at >= length) {
        return fail("extraneous or missing \" in quoted-field");
      }
      char c = text[at++];
      if (c == '\n') {
        line++;
      }
      if (c != '"') {
        if (c == '\r' && at < length && text[at] == '\n') {
          continue; // Go reads \r\n as \n inside quotes too
        }
        value.append(c);
        continue;
      }
      if (at < length && text[at] == '"') {
        value.append('"');
        at++;
        continue;
      }
      if (at < length && text[at] == '\r' && at + 1 < length && text[at + 1] == '\n') {
        at++;
      }
      if (at >= length || text[at] == ',' || text[at] == '\n') {
        fields.add(value.toString());
        return afterField();
      }
      return fail("extraneous or missing \" in quoted-field");
    }
  }

  /** Consumes the separator after a field: a comma continues the record, a newline or the end ends it. */
  private FieldEnd afterField() {
    if (at >= length) {
      return FieldEnd.RECORD;
    }
    if (text[at++] == '\n') {
      line++;
      return FieldEnd.RECORD;
    }
    return FieldEnd.FIELD;
  }

  private FieldEnd fail(String why) {
    problem = why;
    return FieldEnd.ERROR;
  }

  private void skipEmptyLines() {
    while (at < length) {
      if (text[at] == '\n') {
        at++;
        line++;
      } else if (text[at] == '\r' && at + 1 < length && text[at + 1] == '\n') {
        at += 2;
        line++;
      } else {
        return;
      }
    }
  }

  private void skipRestOfLine() {
    while (at < length && text[at] != '\n') {
      at++;
    }
    if (at < length) {
      at++;
      line++;
    }
  }
}
