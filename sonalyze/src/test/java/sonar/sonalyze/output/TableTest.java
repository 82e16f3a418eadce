package sonar.sonalyze.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  private static final Fields<String[]> FIELDS = new Fields<String[]>("a,b")
      .add("a", row -> row[0])
      .add("b", row -> row[1])
      .alias("both", "a", "b", "nonesuch");

  private static String write(String spec, List<String[]> rows) throws IOException {
    StringWriter out = new StringWriter();
    Table.write(out, Format.parse(spec, FIELDS), FIELDS, rows);
    return out.toString();
  }

  @Test
  void padsFixedColumnsToTheWidestCellAndTrimsTheLine() throws IOException {
    assertThat(write("a,b", List.of(new String[] {"x", "y"}, new String[] {"longer", "z  "})))
        .isEqualTo("a       b\nx       y\nlonger  z\n");
  }

  @Test
  void measuresFixedCellsInBytesAndPadsInCharactersAsTheReference() throws IOException {
    // "naïve" is 6 bytes, 5 characters: the reference pads the column to 6 characters.
    assertThat(write("a,b,noheader", List.of(new String[] {"naïve", "1"}, new String[] {"x", "2"})))
        .isEqualTo("naïve   1\nx       2\n");
  }

  @Test
  void quotesCsvFieldsOnlyWhenNeeded() throws IOException {
    assertThat(write("csv,header,a,b", List.of(new String[] {"0,1", "say \"hi\""}, new String[] {"p", ""})))
        .isEqualTo("a,b\n\"0,1\",\"say \"\"hi\"\"\"\np,\n");
    assertThat(write("csvnamed,a,tag:t", List.<String[]>of(new String[] {"0,1", ""})))
        .isEqualTo("\"a=0,1\",tag=t\n");
  }

  @Test
  void writesARecordWithNothingInItAsTwoQuotes() throws IOException {
    assertThat(write("csv,nodefaults,a", List.<String[]>of(new String[] {Fields.SKIP, ""}))).isEqualTo("\"\"\n");
    assertThat(write("csv,a", List.<String[]>of(new String[] {"", ""}))).isEqualTo("\"\"\n");
  }

  @Test
  void writesJsonStringsEscapedAndARepeatedFieldOnceInItsFirstPlace() throws IOException {
    assertThat(write("json,a,b,a,tag:t", List.<String[]>of(new String[] {"q\"\\\n\u0001é", "2"})))
        .isEqualTo("[{\"a\":\"q\\\"\\\\\\n\\u0001é\",\"b\":\"2\",\"tag\":\"t\"}]");
    assertThat(write("json,a", List.of())).isEqualTo("[]");
  }

  @Test
  void writesAwkLinesWithUnderscoresForSpaces() throws IOException {
    assertThat(write("awk,a,b,tag:t", List.<String[]>of(new String[] {"0d 3h", "x"}))).isEqualTo("0d_3h x t\n");
  }

  @Test
  void leavesDefaultsOutOnlyUnderNodefaultsAndOnlyOutsideFixed() throws IOException {
    List<String[]> rows = List.<String[]>of(new String[] {Fields.SKIP, "2"});
    assertThat(write("csv,nodefaults,a,b", rows)).isEqualTo("2\n");
    assertThat(write("json,nodefaults,a,b", rows)).isEqualTo("[{\"b\":\"2\"}]");
    assertThat(write("nodefaults,a,b", rows)).isEqualTo("a       b\n*skip*  2\n");
  }

  @Test
  void expandsAliasesIgnoresUnknownWordsAndRefusesNoFields() throws IOException {
    assertThat(write("csv,both,whatever", List.<String[]>of(new String[] {"1", "2"}))).isEqualTo("1,2\n");
    assertThatThrownBy(() -> Format.parse("csv,nothing", FIELDS)).hasMessage("No output fields were selected");
  }

  @Test
  void choosesTheFormAsTheReferenceDoes() {
    assertThat(Format.parse("json,csv,a", FIELDS).csv()).isTrue();
    assertThat(Format.parse("json,csv,a", FIELDS).json()).isFalse();
    assertThat(Format.parse("awk,json,a", FIELDS).awk()).isFalse();
    assertThat(Format.parse("a", FIELDS).header()).isTrue();
    assertThat(Format.parse("csv,a", FIELDS).header()).isFalse();
    assertThat(Format.parse("json,header,a", FIELDS).header()).isFalse();
  }
}
