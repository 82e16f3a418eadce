package sonar.naicreport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPatternsTest {

  @Test
  void splitsAtCommasOutsideBrackets() {
    assertThat(HostPatterns.split("ml[1-3,6-9],ml5.uio.no")).containsExactly("ml[1-3,6-9]", "ml5.uio.no");
    assertThat(HostPatterns.split("")).isEmpty();
  }

  @Test
  void splitRefusesBrokenLists() {
    assertThatThrownBy(() -> HostPatterns.split("a,,b")).hasMessage("Illegal pattern: Empty host name");
    assertThatThrownBy(() -> HostPatterns.split("a,")).hasMessage("Illegal pattern: Empty host name");
    assertThatThrownBy(() -> HostPatterns.split("a[1-2")).hasMessage("Illegal pattern: Missing end bracket");
    assertThatThrownBy(() -> HostPatterns.split("a]")).hasMessage("Illegal pattern: unmatched end bracket");
    assertThatThrownBy(() -> HostPatterns.split("a[[1]]")).hasMessage("Illegal pattern: nested brackets");
  }

  @Test
  void expandsTrailingRangesOfEachElement() {
    assertThat(HostPatterns.expand("node00[1-2].ml.example.org"))
        .containsExactly("node001.ml.example.org", "node002.ml.example.org");
    assertThat(HostPatterns.expand("c1-[23-24].fox[1,3]"))
        .containsExactly("c1-23.fox1", "c1-23.fox3", "c1-24.fox1", "c1-24.fox3");
    assertThat(HostPatterns.expand("n[08-09]")).as("numbers are printed without leading zeros")
        .containsExactly("n8", "n9");
  }

  @Test
  void anElementThatIsNotARangeStandsForItself() {
    for (String name : new String[] {"ml8", "n[2-1]", "n[1,]", "n[]", "n[1]x", "n*", "n[a]"}) {
      assertThat(HostPatterns.expand(name)).as(name).containsExactly(name);
    }
  }
}
