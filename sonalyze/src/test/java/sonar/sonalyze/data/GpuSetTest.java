package sonar.sonalyze.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GpuSetTest {

  @Test
  void printsCardsAscendingOrNoneOrUnknown() {
    assertThat(GpuSet.of(2, 0, 2).toString()).isEqualTo("0,2");
    assertThat(GpuSet.of(70, 3, 64).toString()).isEqualTo("3,64,70");
    assertThat(GpuSet.EMPTY.toString()).isEqualTo("none");
    assertThat(GpuSet.UNKNOWN.toString()).isEqualTo("unknown");
  }

  @Test
  void unknownAbsorbsAndEmptyIsTheIdentityOfUnion() {
    assertThat(GpuSet.of(1).union(GpuSet.UNKNOWN)).isEqualTo(GpuSet.UNKNOWN);
    assertThat(GpuSet.UNKNOWN.union(GpuSet.of(1))).isEqualTo(GpuSet.UNKNOWN);
    assertThat(GpuSet.EMPTY.union(GpuSet.of(1, 65))).isEqualTo(GpuSet.of(65, 1));
    assertThat(GpuSet.of(0, 100).union(GpuSet.of(1, 100)).toString()).isEqualTo("0,1,100");
    assertThat(GpuSet.UNKNOWN.isEmpty()).isFalse();
  }
}
