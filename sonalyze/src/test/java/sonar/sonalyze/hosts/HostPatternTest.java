package sonar.sonalyze.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostPatternTest {

  @Test
  void matchesTheFirstElementsOfAName() {
    assertThat(HostPattern.parse("ml8").matches("ml8.hpc.uio.no")).isTrue();
    assertThat(HostPattern.parse("ml8.hpc").matches("ml8.hpc.uio.no")).isTrue();
    assertThat(HostPattern.parse("ml8.hpc.uio.no.x").matches("ml8.hpc.uio.no")).isFalse();
    assertThat(HostPattern.parse("ml8").matches("ml80.hpc.uio.no")).isFalse();
  }

  @Test
  void expandsRangesAndAlternativesAndPrefixes() {
    HostPattern pattern = HostPattern.parse("ml[1-3,6-9]");
    assertThat(pattern.matches("ml2.hpc")).isTrue();
    assertThat(pattern.matches("ml6")).isTrue();
    assertThat(pattern.matches("ml4")).isFalse();
    assertThat(HostPattern.parse("node00*").matches("node005.ml.example.org")).isTrue();
    assertThat(HostPattern.parse("node00*").matches("node105")).isFalse();
    assertThat(HostPattern.parse("a,b[1-2]*.x").matches("b2q.x.y")).isTrue();
    assertThat(HostPattern.parse("a,b[1-2]*.x").matches("a.y")).isFalse();
  }

  @Test
  void listsTheNamesOfAConfigFileRange() {
    assertThat(HostPattern.parse("c1-[23-25].fox").names()).containsExactly("c1-23.fox", "c1-24.fox", "c1-25.fox");
    assertThat(HostPattern.parse("node00[1-2].ml").names()).containsExactly("node001.ml", "node002.ml");
    assertThatThrownBy(() -> HostPattern.parse("c*").names()).hasMessage("'*' is not allowed in the host name \"c*\"");
  }

  @Test
  void refusesMalformedPatternsNamingThem() {
    for (List<String> bad : List.of(List.of("", "empty element in host pattern \"\""),
        List.of("a.", "empty element in host pattern \"a.\""),
        List.of("a[1-2", "unbalanced brackets in host pattern \"a[1-2\""),
        List.of("a]", "unbalanced brackets in host pattern \"a]\""),
        List.of("a*b", "'*' may only end an element of host pattern \"a*b\""),
        List.of("a[x]", "\"x\" is not a number in host pattern \"a[x]\""),
        List.of("a[3-1]", "range 3-1 runs backwards in host pattern \"a[3-1]\""))) {
      assertThatThrownBy(() -> HostPattern.parse(bad.get(0))).hasMessage(bad.get(1));
    }
  }
}
