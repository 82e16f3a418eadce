package sonar.sonalyze.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import sonar.sonalyze.data.GpuSet;
import sonar.sonalyze.data.Sample;

class MergingTest {

  private static Sample sample(long seconds, double cpu, long rolledup, GpuSet gpus) {
    Sample sample = new Sample();
    sample.time = seconds * 1_000_000_000L;
    sample.cpuUtilPct = cpu;
    sample.rolledup = rolledup;
    sample.gpus = gpus;
    return sample;
  }

  @Test
  void sumsSamplesWithinTenSecondsAndCarriesRecentOnesForward() {
    // Host x samples at 0, 300, 600; host y at 5, 305 and then stops.
    List<Sample> x = List.of(sample(0, 100, 0, GpuSet.of(0)), sample(300, 200, 0, GpuSet.of(0)),
        sample(600, 300, 0, GpuSet.of(0)));
    List<Sample> y = List.of(sample(5, 10, 3, GpuSet.EMPTY), sample(305, 20, 3, GpuSet.of(1)));

    List<Sample> merged = Merging.merge("x,y", "u", 7, "c", 0, List.of(x, y));

    assertThat(merged).extracting(s -> s.time / 1_000_000_000L).containsExactly(0L, 300L, 600L);
    assertThat(merged).extracting(s -> s.cpuUtilPct).containsExactly(110.0, 220.0, 300.0);
    assertThat(merged).extracting(s -> s.rolledup).containsExactly(4L, 4L, 0L);
    assertThat(merged.get(1).gpus.toString()).isEqualTo("0,1");
    assertThat(merged.get(0).version).isEqualTo("0.0.0");
  }

  @Test
  void carriesAStreamsPreviousSampleOnlyWhileItHasALaterOneOrIsAMinuteOld() {
    List<Sample> x = List.of(sample(20, 1, 0, GpuSet.EMPTY), sample(100, 1, 0, GpuSet.EMPTY));
    List<Sample> y = List.of(sample(0, 10, 0, GpuSet.EMPTY));

    List<Sample> merged = Merging.merge("h", "u", 1, "c", 0, List.of(x, y));

    // 0: y alone; 20: x + y's last (20 s old, under a minute); 100: x alone (y's last is 100 s old).
    assertThat(merged).extracting(s -> s.cpuUtilPct).containsExactly(10.0, 11.0, 1.0);
  }
}
