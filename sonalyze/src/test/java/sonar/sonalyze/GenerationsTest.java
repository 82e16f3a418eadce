package sonar.sonalyze;

import static org.assertj.core.api.Assertions.assertThat;
import static sonar.sonalyze.Runner.run;
import static sonar.sonalyze.Runner.write;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One site whose nodes send every generation at once: host a 0.7 lines as the 0.7 path stores them,
 * host b free CSV lines of sonar 0.14 (no cores, an epoch, ppid, rssanonkib), host c JSON envelopes;
 * one answer over all of them. The figures are worked out by hand in the comments.
 */
class GenerationsTest {

  @TempDir
  Path root;

  @BeforeEach
  void writeTree() {
    // a: cpu use 200 (first sample's cpu%), then 600 s of cpu in 300 s = 200, then 900 s = 300; 2 GB.
    write(root, "2024/01/02", "a.csv", String.join("", stored("10:00", 600), stored("10:05", 1200),
        stored("10:10", 2100)));
    // b: 100, then 100, then 200; 1 GB; card 0 at 50 %.
    write(root, "2024/01/02", "b.csv", String.join("", free("10:00", 300), free("10:05", 600), free("10:10", 1200)));
    // c: 50 (cpu_avg), then 100, then 100; 3 GB; card 1 at 20 %; then a sample without jobs at 09:15Z.
    write(root, "2024/01/02", "0+sample-c.json", String.join("", envelope("09:00", 100), envelope("09:05", 400),
        envelope("09:10", 700), heartbeat("09:15")));
  }

  private static String stored(String localTime, int cputime) {
    return "v=0.7.0,time=2024-01-02T" + localTime + ":00+01:00,host=a,cores=8,user=alice,job=1,pid=11,cmd=sim,"
        + "cpu%=200,cpukib=2097152,gpus=,gpu%=0,gpumem%=0,gpukib=0,gpufail=0,cputime_sec=" + cputime + ",rolledup=0\n";
  }

  private static String free(String localTime, int cputime) {
    return "v=0.14.0,time=2024-01-02T" + localTime + ":00+01:00,host=b,user=alice,cmd=train,job=7,epoch=1000,pid=70,"
        + "ppid=1,cpu%=100,cpukib=1048576,rssanonkib=512,gpus=0,gpu%=50,gpumem%=10,gpukib=1048576,cputime_sec="
        + cputime + ",load=@/O1n'BaE9h27,\"gpuinfo=fan%=40|40,perf=P0|P0\"\n";
  }

  private static String envelope(String utcTime, int cpuTime) {
    return "{\"meta\":{\"producer\":\"sonar\",\"version\":\"0.19.0\"},\"data\":{\"type\":\"sample\",\"attributes\":{"
        + "\"time\":\"2024-01-02T" + utcTime + ":00Z\",\"cluster\":\"x\",\"node\":\"c\",\"system\":{\"cpus\":[1,2,3,4],"
        + "\"gpus\":[{\"index\":1,\"uuid\":\"GPU-1\",\"failing\":0}]},\"jobs\":[{\"job\":9,\"user\":\"alice\",\"epoch\":0,"
        + "\"processes\":[{\"resident_memory\":1024,\"virtual_memory\":3145728,\"cmd\":\"infer\",\"pid\":90,\"ppid\":2,"
        + "\"cpu_avg\":50,\"cpu_util\":99,\"cpu_time\":" + cpuTime + ",\"gpus\":[{\"index\":1,\"uuid\":\"GPU-1\","
        + "\"gpu_util\":20,\"gpu_memory\":1048576,\"gpu_memory_util\":5}]}]}]}}}\n";
  }

  private static String heartbeat(String utcTime) {
    return "{\"meta\":{\"producer\":\"sonar\",\"version\":\"0.19.0\"},\"data\":{\"type\":\"sample\",\"attributes\":{"
        + "\"time\":\"2024-01-02T" + utcTime + ":00Z\",\"cluster\":\"x\",\"node\":\"c\",\"jobs\":[]}}}\n";
  }

  private String[] window() {
    return new String[] {"--data-path", root.toString(), "-f", "2024-01-02", "-t", "2024-01-02"};
  }

  private Runner.Result run(String... args) {
    String[] all = new String[args.length + window().length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(window(), 0, all, args.length, window().length);
    return Runner.run(all);
  }

  @Test
  void assemblesTheJobsOfEveryGenerationInOneAnswer() {
    Runner.Result result = run("jobs", "-u", "-", "--fmt=csv,header,job,user,host,cmd,cpu,mem,gpu,gpus");

    assertThat(result.out()).isEqualTo("""
        job,user,host,cmd,cpu-avg,cpu-peak,mem-avg,mem-peak,gpu-avg,gpu-peak,gpus
        1,alice,a,sim,234,300,2,2,0,0,none
        7,alice,b,train,134,200,1,1,50,50,0
        9,alice,c,infer,84,100,3,3,20,20,1
        """);
    assertThat(result.err()).isEmpty();
    assertThat(result.status()).isZero();
  }

  @Test
  void sumsTheLoadOfEveryGeneration() {
    Runner.Result result = run("load", "--compact", "--fmt=csv,host,datetime,cpu,mem,gpu,gpus");

    assertThat(result.out()).isEqualTo("""
        a,2024-01-02 09:00,233,2,0,none
        b,2024-01-02 09:00,133,1,50,0
        c,2024-01-02 09:00,83,3,20,1
        """);
  }

  @Test
  void countsEnvelopesWithoutJobsAsHeartbeatsForUptime() {
    Runner.Result result = run("uptime", "--interval", "5", "--only-up", "--fmt=csv,all");

    assertThat(result.out()).isEqualTo("""
        host,a,up,2024-01-02 09:00,2024-01-02 09:10
        gpu,a,up,2024-01-02 09:00,2024-01-02 09:10
        host,b,up,2024-01-02 09:00,2024-01-02 09:10
        gpu,b,up,2024-01-02 09:00,2024-01-02 09:10
        host,c,up,2024-01-02 09:00,2024-01-02 09:15
        gpu,c,up,2024-01-02 09:00,2024-01-02 09:15
        """);
  }

  @Test
  void showsTheFieldsOfLaterGenerationsInParse() {
    Runner.Result result = run("parse", "--host", "b", "--fmt=csv,host,cores,epoch,ppid,rssanonkib,cmd,cpukib");

    assertThat(result.out()).isEqualTo("""
        b,0,1000,1,512,train,1048576
        b,0,1000,1,512,train,1048576
        b,0,1000,1,512,train,1048576
        """);
  }

  @Test
  void readsAnEnvelopeAsOneSamplePerProcess() {
    Runner.Result result = run("parse", "--host", "c", "--fmt=csv,v,time,cores,user,job,pid,ppid,cmd,cpu%,cpukib,"
        + "rssanonkib,gpus,gpu%,gpumem%,gpukib,gpufail,cputime_sec");

    assertThat(result.out()).isEqualTo("""
        0.19.0,2024-01-02T09:00:00Z,4,alice,9,90,2,infer,50,3145728,1024,1,20,5,1048576,0,100
        0.19.0,2024-01-02T09:05:00Z,4,alice,9,90,2,infer,50,3145728,1024,1,20,5,1048576,0,400
        0.19.0,2024-01-02T09:10:00Z,4,alice,9,90,2,infer,50,3145728,1024,1,20,5,1048576,0,700
        0.19.0,2024-01-02T09:15:00Z,0,_sonar_,0,0,0,_heartbeat_,0,0,0,none,0,0,0,0,0
        """);
  }

  @Test
  void takesNodeSizesFromTheNodesOwnDescriptionsWithoutAConfigFile() {
    write(root, "2024/01/02", "sysinfo-a.json", "{\"timestamp\":\"2024-01-02T00:00:01+01:00\",\"hostname\":\"a\","
        + "\"description\":\"old a\",\"cpu_cores\":4,\"mem_gb\":8,\"gpu_cards\":0,\"gpumem_gb\":0}\n"
        + "{\"timestamp\":\"2024-01-02T06:00:01+01:00\",\"hostname\":\"a\",\"description\":\"1x8 Xeon, 16 GiB\","
        + "\"cpu_cores\":8,\"mem_gb\":16,\"gpu_cards\":0,\"gpumem_gb\":0}\n");
    write(root, "2024/01/02", "0+sysinfo-c.json", "{\"meta\":{\"producer\":\"sonar\",\"version\":\"0.19.0\"},"
        + "\"data\":{\"type\":\"sysinfo\",\"attributes\":{\"time\":\"2024-01-02T00:00:00Z\",\"cluster\":\"x\","
        + "\"node\":\"c\",\"os_name\":\"Linux\",\"sockets\":1,\"cores_per_socket\":4,\"threads_per_core\":2,"
        + "\"cpu_model\":\"Xeon\",\"memory\":16777216,\"cards\":[{\"index\":0,\"model\":\"A100\",\"memory\":41943040}]}}}\n");

    Runner.Result jobs = run("jobs", "-u", "-", "--fmt=csv,job,host,rcpu,rmem");
    Runner.Result load = run("load", "--compact", "--last", "--host", "c", "--fmt=json,datetime,rcpu,rmem");

    // a: 8 cores, 16 GB: cpu 233.3/8 -> 30, 300/8 -> 38; 2*100/16 -> 13. c: 1x4x2 = 8 cores, 16 GB.
    assertThat(jobs.out()).isEqualTo("1,a,30,38,13,13\n7,b,0,0,0,0\n9,c,11,13,19,19\n");
    assertThat(jobs.err()).isEqualTo("sonalyze: warning: b: no sysinfo in the data; its jobs' relative values are 0\n");
    assertThat(load.out()).isEqualTo("[{\"system\":{\"hostname\":\"c\",\"description\":\"1x4 (hyperthreaded) Xeon, "
        + "16 GiB, 1x A100 @ 40GiB\",\"gpucards\":\"1\"},\"records\":[{\"datetime\":\"2024-01-02 09:00\","
        + "\"rcpu\":\"10\",\"rmem\":\"19\"}]}]");
  }

  @Test
  void prefersTheConfigFileToTheNodesOwnDescriptions() {
    write(root, "2024/01/02", "sysinfo-a.json", "{\"timestamp\":\"2024-01-02T06:00:01+01:00\",\"hostname\":\"a\","
        + "\"cpu_cores\":8,\"mem_gb\":16}\n");
    Path config = write(root, "config", "nodes.json", "[{\"hostname\":\"a\",\"cpu_cores\":2,\"mem_gb\":4,"
        + "\"gpu_cards\":1,\"gpumem_gb\":1}]");

    Runner.Result jobs = run("jobs", "-u", "-", "--host", "a", "--config-file", config.toString(),
        "--max-rcpu-avg=1000", "--max-rcpu-peak=1000", "--fmt=csv,job,rcpu");

    // 233.3/2 -> 117, 300/2 -> 150: the config's 2 cores, not the description's 8.
    assertThat(jobs.out()).isEqualTo("1,117,150\n");
    assertThat(jobs.err()).isEmpty();
  }
}
