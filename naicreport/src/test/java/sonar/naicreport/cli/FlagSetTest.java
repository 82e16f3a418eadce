package sonar.naicreport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlagSetTest {

  FlagSet flags = new FlagSet("naicreport test");
  FlagSet.Flag<String> tag = flags.string("tag", "", "Tag for output files");
  FlagSet.Flag<String> from = flags.string("from", "1d", "Start of log window");
  FlagSet.Flag<Boolean> hourly = flags.bool("hourly", true, "Bucket data hourly");
  FlagSet.Flag<Boolean> v = flags.bool("v", false, "Verbose (debugging) output");

  @Test
  void takesGoSpellingsOfFlags() throws UsageException {
    List<String> rest = flags.parse(List.of("--tag", "daily", "-from=7d", "-hourly=false", "-v", "a", "-v=false"));
    assertThat(tag.value()).isEqualTo("daily");
    assertThat(from.value()).isEqualTo("7d");
    assertThat(hourly.value()).isFalse();
    assertThat(v.value()).isTrue();
    assertThat(rest).as("the first argument that is not a flag ends the flags").containsExactly("a", "-v=false");
  }

  @Test
  void doubleDashEndsTheFlagsAndIsDropped() throws UsageException {
    assertThat(flags.parse(List.of("-v", "--", "-tag", "x"))).containsExactly("-tag", "x");
    assertThat(flags.parse(List.of("-", "x"))).as("a lone dash is an argument").containsExactly("-", "x");
  }

  @Test
  void aBooleanTakesNoSeparateValue() throws UsageException {
    assertThat(flags.parse(List.of("-hourly", "false"))).containsExactly("false");
    assertThat(hourly.value()).isTrue();
  }

  @Test
  void errorsSayWhatGoSays() {
    assertThatThrownBy(() -> flags.parse(List.of("-nope"))).hasMessage("flag provided but not defined: -nope");
    assertThatThrownBy(() -> flags.parse(List.of("-tag"))).hasMessage("flag needs an argument: -tag");
    assertThatThrownBy(() -> flags.parse(List.of("-v=maybe")))
        .hasMessage("invalid boolean value \"maybe\" for -v: parse error");
    assertThatThrownBy(() -> flags.parse(List.of("---v"))).hasMessage("bad flag syntax: ---v");
    assertThatThrownBy(() -> flags.parse(List.of("-=x"))).hasMessage("bad flag syntax: -=x");
  }

  @Test
  void aBadFlagExitsTwoWithTheUsageInGoLayout() {
    UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
        () -> flags.parse(List.of("-x")));
    assertThat(e.exitStatus()).isEqualTo(2);
    assertThat(e.text()).isEqualTo("flag provided but not defined: -x\n"
        + "Usage of naicreport test:\n"
        + "  -from string\n    \tStart of log window (default \"1d\")\n"
        + "  -hourly\n    \tBucket data hourly (default true)\n"
        + "  -tag string\n    \tTag for output files\n"
        + "  -v\tVerbose (debugging) output\n");
  }

  @Test
  void helpIsAskedWithHOrHelp() {
    for (String ask : List.of("-h", "--help", "-help")) {
      UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
          () -> flags.parse(List.of(ask)));
      assertThat(e.isHelp()).isTrue();
      assertThat(e.exitStatus()).isZero();
      assertThat(e.text()).startsWith("Usage of naicreport test:\n  -from string\n");
    }
  }
}
