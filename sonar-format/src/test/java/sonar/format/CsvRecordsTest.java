package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

  @Test
  void splitsFieldsAndUnquotesAsGoDoes() {
    assertThat(read("a=1,\"gpus=3,1\",\"cmd=say \"\"hi\"\"\"\n")).containsExactly(
        new CsvRecords.Result(1, List.of("a=1", "gpus=3,1", "cmd=say \"hi\""), null));
  }

  @Test
  void skipsEmptyLinesAndReadsCrLfAsLf() {
    assertThat(read("\n\na=1\r\n\r\nb=2")).containsExactly(
        new CsvRecords.Result(3, List.of("a=1"), null),
        new CsvRecords.Result(5, List.of("b=2"), null));
  }

  @Test
  void keepsLineBreaksInsideQuotes() {
    assertThat(read("\"cmd=a\nb\",x=1\ny=2\n")).containsExactly(
        new CsvRecords.Result(1, List.of("cmd=a\nb", "x=1"), null),
        new CsvRecords.Result(3, List.of("y=2"), null));
  }

  @Test
  void keepsEmptyFieldsIncludingATrailingOne() {
    assertThat(read("a,,b,\n")).containsExactly(new CsvRecords.Result(1, List.of("a", "", "b", ""), null));
    assertThat(read("a,")).containsExactly(new CsvRecords.Result(1, List.of("a", ""), null));
  }

  @Test
  void reportsABareQuoteAndGoesOnWithTheNextLine() {
    assertThat(read("a=1,b=\"x\"\nc=3\n")).containsExactly(
        new CsvRecords.Result(1, List.of(), "bare \" in non-quoted field"),
        new CsvRecords.Result(2, List.of("c=3"), null));
  }

  @Test
  void reportsTextAfterAClosingQuote() {
    assertThat(read("\"a=1\"x,b=2\nc=3")).containsExactly(
        new CsvRecords.Result(1, List.of(), "extraneous or missing \" in quoted-field"),
        new CsvRecords.Result(2, List.of("c=3"), null));
  }

  @Test
  void reportsAnUnclosedQuoteAtTheEnd() {
    assertThat(read("a=1\n\"b=2\nc=3\n")).containsExactly(
        new CsvRecords.Result(1, List.of("a=1"), null),
        new CsvRecords.Result(2, List.of(), "extraneous or missing \" in quoted-field"));
  }

  @Test
  void givesTheTextOfEachRecordAsItStandsWithoutItsLineEnd() {
    CsvRecords records = new CsvRecords("a=1,\"b=x\ny\"\r\n\nc=\"\"\nd=4");
    records.next();
    assertThat(records.lastRecordText()).isEqualTo("a=1,\"b=x\ny\"");
    assertThat(records.next().error()).isEqualTo("bare \" in non-quoted field");
    records.next();
    assertThat(records.lastRecordText()).isEqualTo("d=4");
  }

  private static List<CsvRecords.Result> read(String text) {
    List<CsvRecords.Result> results = new ArrayList<>();
    CsvRecords records = new CsvRecords(text);
    for (CsvRecords.Result result = records.next(); result != null; result = records.next()) {
      results.add(result);
    }
    return results;
  }
}
