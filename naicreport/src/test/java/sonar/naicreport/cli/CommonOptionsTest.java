package sonar.naicreport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommonOptionsTest {

  static final LocalDate TODAY = LocalDate.of(2024, 3, 10);
  static final Path HERE = Path.of("/srv/here");

  CommonOptions parse(String... args) throws UsageException {
    FlagSet flags = new FlagSet("t");
    CommonOptions options = new CommonOptions(flags);
    options.resolve(flags.parse(List.of(args)), HERE, TODAY);
    return options;
  }

  @Test
  void theWindowIsWholeUtcDaysEndingAfterTheLastDay() throws UsageException {
    CommonOptions options = parse("-data-path", "d");
    assertThat(options.from()).isEqualTo(LocalDate.of(2024, 3, 9));
    assertThat(options.to()).isEqualTo(LocalDate.of(2024, 3, 11));
    assertThat(parse("-data-path", "d", "-from", "2w", "-to", "3d").from()).isEqualTo(LocalDate.of(2024, 2, 25));
    assertThat(parse("-data-path", "d", "-from", "2w", "-to", "3d").to()).isEqualTo(LocalDate.of(2024, 3, 8));
    assertThat(parse("-data-path", "d", "-from", "2024-02-29").from()).isEqualTo(LocalDate.of(2024, 2, 29));
  }

  @Test
  void badDatesAreNamedWithTheirFlag() {
    assertThatThrownBy(() -> parse("-data-path", "d", "-from", "yesterday"))
        .hasMessage("Bad time specification for -from: \"yesterday\" is not yyyy-mm-dd, Nd or Nw");
    assertThatThrownBy(() -> parse("-data-path", "d", "-to", "2023-02-29"))
        .hasMessage("Bad time specification for -to: no such day 2023-02-29");
    assertThatThrownBy(() -> parse("-data-path", "d", "-from", "99999999d"))
        .hasMessage("Bad time specification for -from: 99999999d is too far back");
  }

  @Test
  void pathsAreMadeAbsoluteAndClean() throws UsageException {
    assertThat(parse("-data-path", "../data/").dataPath()).isEqualTo(Path.of("/srv/data"));
    assertThat(parse("a.csv", "/x/./b.csv").files()).containsExactly(Path.of("/srv/here/a.csv"), Path.of("/x/b.csv"));
  }

  @Test
  void sonalyzeGetsTheDatesAsGivenThenTheData() throws UsageException {
    assertThat(parse("-data-path", "d").sonalyzeArguments())
        .containsExactly("--from", "1d", "--data-path", "/srv/here/d");
    assertThat(parse("-to", "2024-01-01", "--", "f.csv").sonalyzeArguments())
        .containsExactly("--from", "1d", "--to", "2024-01-01", "--", "/srv/here/f.csv");
  }

  @Test
  void needsDataOrFilesButNotBoth() {
    assertThatThrownBy(() -> parse("-v")).hasMessage("No file arguments provided");
    assertThatThrownBy(() -> parse("-data-path", "d", "f.csv"))
        .hasMessage("Input files (f.csv) and -data-path exclude each other");
    assertThatThrownBy(() -> parse("", "x")).hasMessage("-- requires a value");
  }
}
