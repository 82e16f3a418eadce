package sonar.sonalyze;

import static org.assertj.core.api.Assertions.assertThat;
import static sonar.sonalyze.Runner.run;
import static sonar.sonalyze.Runner.write;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.testkit.Vector;

/** Where the reference has a defect and we decided otherwise (sonalyze/DESIGN.md, "Defects"), one test each. */
class DefectDecisionsTest {

  @TempDir
  Path root;

  /** The reference drops every record the 0.7 path stores for a node without GPUs ({@code gpus=}). */
  @Test
  void readsAnEmptyGpusFieldAsNoGpus() {
    Path file = Vector.named("sonalyze_profile_smoketest").directory()
        .resolve("tree/cl1/2023/10/21/ml9.hpc.uio.no.csv");

    Runner.Result result = run("jobs", "-u", "-", "--fmt=csv,job,user,duration,cpu,gpus,cmd", "--", file.toString());

    assertThat(result.out()).isEqualTo("1119125,pubuduss,0d 0h40m,3095,3104,none,\"bwa,samtools\"\n");
    assertThat(result.err()).isEmpty();
  }

  /** The reference crashes on a record without cores, which sonar 0.10 and later never write. */
  @Test
  void keepsARecordWithoutCores() {
    write(root, "2024/01/02", "n.csv", "v=0.10.0,time=2024-01-02T10:00:00Z,host=n,user=bob,cmd=x,job=5,pid=6\n");

    Runner.Result result = run("parse", "--data-path", root.toString(), "-f", "2024-01-02", "-t", "2024-01-02",
        "--fmt=csv,host,cores,user,job,pid,cmd");

    assertThat(result.out()).isEqualTo("n,0,bob,5,6,x\n");
    assertThat(result.status()).isZero();
  }

  /** The reference shows a host's job-0 processes only if the host also ran a job with an id. */
  @Test
  void showsTheJobZeroProcessesOfAHostWithoutOtherJobs() {
    write(root, "2024/01/02", "n.csv", """
        v=0.7.0,time=2024-01-02T10:00:00Z,host=n,cores=4,user=bob,pid=6,cmd=make,cpu%=100,cputime_sec=60
        v=0.7.0,time=2024-01-02T10:05:00Z,host=n,cores=4,user=bob,pid=6,cmd=make,cpu%=100,cputime_sec=360
        v=0.7.0,time=2024-01-02T10:05:00Z,host=n,cores=4,user=bob,pid=7,cmd=cc,cpu%=50,cputime_sec=10
        v=0.7.0,time=2024-01-02T10:10:00Z,host=n,cores=4,user=bob,pid=7,cmd=cc,cpu%=50,cputime_sec=160
        """);

    Runner.Result result = run("jobs", "--data-path", root.toString(), "-u", "bob", "-f", "2024-01-02", "-t",
        "2024-01-02", "--fmt=csv,job,user,start,cpu,cmd");

    assertThat(result.out()).isEqualTo("0,bob,2024-01-02 10:00,100,100,make\n0,bob,2024-01-02 10:05,50,50,cc\n");
  }

  /** The reference inserts the description unescaped into its JSON, which a quote breaks. */
  @Test
  void escapesTheDescriptionInLoadsJson() {
    write(root, "2024/01/02", "n.csv", "v=0.7.0,time=2024-01-02T10:00:00Z,host=n,cores=4,user=bob,job=1,cmd=x,"
        + "cpu%=100\n");
    Path config = write(root, "config", "nodes.json", "[{\"hostname\":\"n\",\"description\":\"2x \\\"fast\\\" CPUs\","
        + "\"cpu_cores\":4,\"mem_gb\":8}]");

    Runner.Result result = run("load", "--data-path", root.toString(), "--config-file", config.toString(),
        "--compact", "-f", "2024-01-02", "-t", "2024-01-02", "--fmt=json,datetime,rcpu");

    assertThat(result.out()).isEqualTo("[{\"system\":{\"hostname\":\"n\",\"description\":\"2x \\\"fast\\\" CPUs\","
        + "\"gpucards\":\"0\"},\"records\":[{\"datetime\":\"2024-01-02 10:00\",\"rcpu\":\"25\"}]}]");
  }

  /** The reference crashes when a host's relative load is asked for and the config file lacks it. */
  @Test
  void printsTheOtherHostsAndNamesTheOneMissingFromTheConfig() {
    write(root, "2024/01/02", "m.csv", "v=0.7.0,time=2024-01-02T10:00:00Z,host=m,cores=4,user=bob,job=1,cmd=x,"
        + "cpu%=100\n");
    write(root, "2024/01/02", "n.csv", "v=0.7.0,time=2024-01-02T10:00:00Z,host=n,cores=4,user=bob,job=1,cmd=x,"
        + "cpu%=100\n");
    Path config = write(root, "config", "nodes.json", "[{\"hostname\":\"n\",\"cpu_cores\":4,\"mem_gb\":8}]");

    Runner.Result result = run("load", "--data-path", root.toString(), "--config-file", config.toString(),
        "--compact", "-f", "2024-01-02", "-t", "2024-01-02", "--fmt=csv,host,datetime,rcpu");

    assertThat(result.out()).isEqualTo("n,2024-01-02 10:00,25\n");
    assertThat(result.err()).isEqualTo("sonalyze: m: not in the config file and no sysinfo in the data; its load is "
        + "not printed (relative fields need the node's size)\n");
    assertThat(result.status()).isEqualTo(1);
  }

  /** Only the reference's optional build reads sonar 0.6's lines, and misreads their GPU masks; we do not read them. */
  @Test
  void reportsSonar06LinesAsNotRead() {
    write(root, "2024/01/02", "n.csv", "2024-01-02T10:00:00.5+00:00,n,4,bob,1,x,100,1024,0,0,0,0\n"
        + "v=0.7.0,time=2024-01-02T10:00:00Z,host=n,cores=4,user=bob,job=1,cmd=x\n");

    Runner.Result result = run("parse", "--data-path", root.toString(), "-f", "2024-01-02", "-t", "2024-01-02");

    assertThat(result.out()).isEqualTo("1,bob,x\n");
    assertThat(result.err()).isEqualTo("sonalyze: warning: " + root.resolve("2024/01/02/n.csv") + ": line 1: a sonar "
        + "0.6 record (fields without names), which is not read; skipped\n");
  }

  /**
   * A reboot between samples (the epoch grows by more than the time between them) starts another job
   * with the same id; the reference, which ignores the epoch, would merge them.
   */
  @Test
  void tellsAJobIdReusedAfterAReboot() {
    write(root, "2024/01/02", "n.csv", """
        v=0.14.0,time=2024-01-02T10:00:00Z,host=n,user=bob,cmd=x,job=9,epoch=5000,pid=9,cpu%=100,cputime_sec=60
        v=0.14.0,time=2024-01-02T10:05:00Z,host=n,user=bob,cmd=x,job=9,epoch=5000,pid=9,cpu%=100,cputime_sec=360
        v=0.14.0,time=2024-01-02T11:00:00Z,host=n,user=bob,cmd=x,job=9,epoch=8000,pid=9,cpu%=50,cputime_sec=10
        v=0.14.0,time=2024-01-02T11:05:00Z,host=n,user=bob,cmd=x,job=9,epoch=8001,pid=9,cpu%=50,cputime_sec=160
        """);

    Runner.Result result = run("jobs", "--data-path", root.toString(), "-u", "bob", "-f", "2024-01-02", "-t",
        "2024-01-02", "--fmt=csv,job,start,end,cpu");

    assertThat(result.out()).isEqualTo("9,2024-01-02 10:00,2024-01-02 10:05,100,100\n"
        + "9,2024-01-02 11:00,2024-01-02 11:05,50,50\n");
  }
}
