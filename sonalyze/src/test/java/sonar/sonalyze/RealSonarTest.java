package sonar.sonalyze;

import static org.assertj.core.api.Assertions.assertThat;
import static sonar.sonalyze.Runner.run;

import org.junit.jupiter.api.Test;
import sonar.testkit.Vector;

/** What real sonar of each generation printed (testdata), read without a complaint. */
class RealSonarTest {

  private static String file(String path) {
    return Vector.testdata().resolve(path).toString();
  }

  @Test
  void readsEveryRecordOfRealSonarOfEveryGeneration() {
    Runner.Result result = run("parse", "--fmt=csv,host", "--", file("vectors/v014_n1/input.csv"),
        file("vectors/v090_parse_format_test/input.csv"), file("newfmt/newfmt_samples.json"),
        file("newfmt/sonar-0.19-sample.json"), file("sysinfo-old/sysinfo1.json"),
        file("newfmt/sonar-0.19-sysinfo.json"));

    // 58 lines of sonar 0.14, 7 of 0.9 (ml6), 2 envelopes of 0.13 (bling 5 processes, ml6 4), one of 0.19 (38).
    assertThat(result.out().lines().filter("n1.cluster1.uio.no"::equals).count()).isEqualTo(58);
    assertThat(result.out().lines().filter("ml6.hpc.uio.no"::equals).count()).isEqualTo(11);
    assertThat(result.out().lines().filter("bling"::equals).count()).isEqualTo(5);
    assertThat(result.out().lines().filter("slurm-monitor.uio.no"::equals).count()).isEqualTo(38);
    assertThat(result.err()).isEmpty();
    assertThat(result.status()).isZero();
  }

  @Test
  void assemblesSonar014JobsSizedByTheNodesOwnDescription() {
    Runner.Result result = run("jobs", "-u", "-", "--min-samples=1", "--fmt=csv,job,user,host,cpu,rcpu,rmem,gpus,cmd",
        "--", file("vectors/v014_n1/input.csv"), file("sysinfo-old/sysinfo-n1.json"));

    // n1 describes itself as 56 cores and 124 GB; job 2703861 is a python and its parent dora.
    assertThat(result.out()).isEqualTo("""
        2181211,u_10003,n1.cluster1.uio.no,0,0,0,0,1,1,none,tmux: server
        2211233,u_10002,n1.cluster1.uio.no,1,1,1,1,1,1,none,top
        2254176,u_10004,n1.cluster1.uio.no,77,84,2,2,28,28,none,python
        2703861,u_10001,n1.cluster1.uio.no,3216,3613,58,65,28,28,"0,1,2,3","dora,python"
        3368916,u_10002,n1.cluster1.uio.no,5,5,1,1,1,1,none,nvtop
        """);
    assertThat(result.err()).isEmpty();
  }
}
