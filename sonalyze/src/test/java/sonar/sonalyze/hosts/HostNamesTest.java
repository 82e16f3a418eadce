package sonar.sonalyze.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostNamesTest {

  @Test
  void combinesNumberedNamesPerDomainWhateverTheOrder() {
    assertThat(HostNames.compress(List.of("a3.fox", "a1.fox", "a3.fum", "a2.fox", "a5.fox")))
        .isEqualTo("a[1-3,5].fox,a3.fum");
    assertThat(HostNames.compress(List.of("a5.fox", "a3.fum", "a2.fox", "a1.fox", "a3.fox")))
        .isEqualTo("a[1-3,5].fox,a3.fum");
  }

  @Test
  void dropsLeadingZerosAsTheReferenceDoes() {
    assertThat(HostNames.compress(List.of("node000.ml", "node001.ml", "node002.ml", "node003.ml", "node005.ml")))
        .isEqualTo("node[0-3,5].ml");
  }

  @Test
  void leavesNamesWithoutANumberAndSingleNamesAlone() {
    assertThat(HostNames.compress(List.of("login", "c1-5", "c1-6", "gpu1"))).isEqualTo("c1-[5-6],gpu1,login");
    assertThat(HostNames.compress(List.of("ml8.hpc.uio.no"))).isEqualTo("ml8.hpc.uio.no");
  }
}
