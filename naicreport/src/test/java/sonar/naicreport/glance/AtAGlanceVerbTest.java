package sonar.naicreport.glance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.naicreport.testing.FakeSonalyze;
import sonar.naicreport.testing.Invocation;

class AtAGlanceVerbTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T12:00:00Z"), ZoneOffset.UTC);

  static final String NODES = "[{\"hostname\":\"gpu[1-2]\",\"description\":\"4x A100\",\"cpu_cores\":64,"
      + "\"mem_gb\":256,\"gpu_cards\":4,\"gpumem_gb\":160},"
      + "{\"hostname\":\"cpu1\",\"description\":\"no GPU\",\"cpu_cores\":64,\"mem_gb\":512}]";

  /** gpu1: one job running, one ended 20 minutes ago, one 6 hours ago, one 2 days ago; gpu2: one job 13 h ago. */
  static final String JOBS = "["
      + job("gpu1", "alice", "0x1", "2024-01-02 12:00") + "," + job("gpu1", "bob", "0x0", "2024-01-02 11:40") + ","
      + job("gpu1", "alice", "0x2", "2024-01-02 06:00") + "," + job("gpu1", "carol", "0x0", "2023-12-31 12:00") + ","
      + job("gpu2", "dave", "0x0", "2024-01-01 23:00") + "]";

  static final String UPTIME = "[{\"host\":\"cpu1\",\"device\":\"host\",\"state\":\"down\"},"
      + "{\"host\":\"gpu1\",\"device\":\"host\",\"state\":\"down\"},{\"host\":\"gpu1\",\"device\":\"host\",\"state\":\"up\"},"
      + "{\"host\":\"gpu2\",\"device\":\"host\",\"state\":\"up\"},{\"host\":\"gpu2\",\"device\":\"gpu\",\"state\":\"down\"}]";

  @TempDir
  Path dir;
  FakeSonalyze sonalyze;

  static String job(String host, String user, String classification, String end) {
    return "{\"host\":\"" + host + "\",\"user\":\"" + user + "\",\"classification\":\"" + classification
        + "\",\"end\":\"" + end + "\"}";
  }

  static String load(String host, String rcpu, String rgpu) {
    return "{\"system\":{\"hostname\":\"" + host + "\",\"description\":\"x\",\"gpucards\":\"0\"},\"records\":["
        + "{\"host\":\"" + host + "\",\"rcpu\":\"99\",\"rmem\":\"99\",\"rgpu\":\"99\",\"rgpumem\":\"99\"},"
        + "{\"host\":\"" + host + "\",\"rcpu\":\"" + rcpu + "\",\"rmem\":\"5\",\"rgpu\":\"" + rgpu + "\",\"rgpumem\":\"0\"}]}";
  }

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("nodes.json"), NODES);
    Files.createDirectory(dir.resolve("state"));
    sonalyze = new FakeSonalyze().answer("jobs", JOBS).answer("uptime", UPTIME)
        .answer("--half-hourly", "[" + load("gpu1", "12.5", "0") + "," + load("cpu1", "1", "NaN") + "]")
        .answer("--half-daily", "[" + load("gpu1", "50", "75") + ",{\"system\":{},\"records\":[]}]");
  }

  Invocation glance(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("at-a-glance", "-config-file", "nodes.json",
        "-data-path", "data", "-state-path", "state"));
    args.addAll(List.of(more));
    return Invocation.run(dir, CLOCK, sonalyze, args.toArray(String[]::new));
  }

  @Test
  void oneLinePerHostSortedWithTheReferencesKeysAndOmissions() throws IOException {
    Files.writeString(dir.resolve("state/cpuhog-state.csv"),
        "id=1,host=gpu2,startedOnOrBefore=2024-01-01T00:00:00Z,firstViolation=2024-01-02T11:00:00Z,"
            + "lastSeen=2024-01-02T11:00:00Z,isReported=true,isExpired=false\n"
            + "id=1,host=gpu2,startedOnOrBefore=2023-12-01T00:00:00Z,firstViolation=2024-01-01T12:30:00Z,"
            + "lastSeen=2023-12-02T11:00:00Z,isReported=true,isExpired=true\n"
            + "id=2,host=gpu2,startedOnOrBefore=2024-01-01T00:00:00Z,firstViolation=2024-01-01T11:59:00Z,"
            + "lastSeen=2024-01-02T11:00:00Z,isReported=true,isExpired=false\n");
    Files.writeString(dir.resolve("state/deadweight-state.csv"),
        "id=7,host=elsewhere,startedOnOrBefore=2024-01-01T00:00:00Z,firstViolation=2024-01-02T11:00:00Z,"
            + "lastSeen=2024-01-02T11:00:00Z,isReported=false,isExpired=false\n");
    Invocation run = glance("-tag", "ML Nodes");

    assertThat(run.err()).isEmpty();
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo("["
        + "{\"hostname\":\"cpu1\",\"tag\":\"ML Nodes\",\"machine\":\"no GPU\",\"recent\":30,\"longer\":720,\"long\":1440,"
        + "\"cpu_status\":0,\"gpu_status\":1,\"jobs_recent\":0,\"jobs_longer\":0,\"users_recent\":0,\"users_longer\":0,"
        + "\"cpu_recent\":1,\"cpu_longer\":0,\"mem_recent\":5,\"mem_longer\":0,\"violators_long\":0,\"zombies_long\":0},"
        + "{\"hostname\":\"elsewhere\",\"tag\":\"ML Nodes\",\"recent\":30,\"longer\":720,\"long\":1440,"
        + "\"cpu_status\":0,\"gpu_status\":0,\"jobs_recent\":0,\"jobs_longer\":0,\"users_recent\":0,\"users_longer\":0,"
        + "\"cpu_recent\":0,\"cpu_longer\":0,\"mem_recent\":0,\"mem_longer\":0,\"violators_long\":0,\"zombies_long\":1},"
        + "{\"hostname\":\"gpu1\",\"tag\":\"ML Nodes\",\"machine\":\"4x A100\",\"recent\":30,\"longer\":720,\"long\":1440,"
        + "\"cpu_status\":0,\"gpu_status\":0,\"jobs_recent\":2,\"jobs_longer\":3,\"users_recent\":2,\"users_longer\":2,"
        + "\"cpu_recent\":12.5,\"cpu_longer\":50,\"mem_recent\":5,\"mem_longer\":5,\"gpu_longer\":75,"
        + "\"violators_long\":0,\"zombies_long\":0},"
        + "{\"hostname\":\"gpu2\",\"tag\":\"ML Nodes\",\"machine\":\"4x A100\",\"recent\":30,\"longer\":720,\"long\":1440,"
        + "\"cpu_status\":0,\"gpu_status\":1,\"jobs_recent\":0,\"jobs_longer\":0,\"users_recent\":0,\"users_longer\":0,"
        + "\"cpu_recent\":0,\"cpu_longer\":0,\"mem_recent\":0,\"mem_longer\":0,\"violators_long\":2,\"zombies_long\":0}]");
  }

  @Test
  void runsSonalyzeAsTheReferenceDoes() {
    glance("-from", "2024-01-01");
    String config = dir.resolve("nodes.json").toString();
    List<String> window = List.of("--from", "2024-01-01", "--data-path", dir.resolve("data").toString());
    assertThat(sonalyze.commands()).containsExactly(
        concat(List.of("jobs", "-u-", "--fmt=json,host,user,classification,end"), window),
        concat(List.of("uptime", "--interval", "4", "--fmt=json,host,device,state"), window),
        concat(List.of("load", "--half-hourly", "--fmt=json,host,rcpu,rmem,rgpu,rgpumem", "--config-file", config),
            window),
        concat(List.of("load", "--half-daily", "--fmt=json,host,rcpu,rmem,rgpu,rgpumem", "--config-file", config),
            window));
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void sonalyzesWarningsPassThroughToStderrAndTheOverviewIsStillPrinted() {
    String withoutWarnings = glance().out();
    sonalyze.warn("sonalyze: warning: n1.csv: line 7: no cmd= field; skipped\n");

    Invocation run = glance();

    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo(withoutWarnings);
    assertThat(run.err()).isEqualTo("sonalyze: warning: n1.csv: line 7: no cmd= field; skipped\n".repeat(4));
  }

  @Test
  void withoutTagOrStateFilesTheirKeysAndCountsAreAbsentOrZero() {
    Invocation run = glance();
    assertThat(run.out()).startsWith("[{\"hostname\":\"cpu1\",\"machine\":\"no GPU\",\"recent\":30,")
        .doesNotContain("\"tag\"").doesNotContain("\"violators_long\":1");
  }

  @Test
  void aBadConfigFileIsNamed() throws IOException {
    Files.writeString(dir.resolve("nodes.json"), "[{\"hostname\":\"a\",\"cpu_cores\":0,\"mem_gb\":1}]");
    Invocation run = glance();
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("NAICREPORT FAILED\nconfig file " + dir.resolve("nodes.json")
        + ": Nonsensical CPU/memory information for a\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void emptySonalyzeOutputSaysSo() {
    sonalyze = new FakeSonalyze().answer("jobs", "");
    Invocation run = glance();
    assertThat(run.err()).startsWith("NAICREPORT FAILED\nWhile unmarshaling output of sonalyze jobs -u- ")
        .endsWith(": Empty output\n");
  }

  @Test
  void aMalformedStateFileIsNamedWithItsLine() throws IOException {
    Files.writeString(dir.resolve("state/cpuhog-state.csv"), "id=1,host=a\n");
    Invocation run = glance();
    assertThat(run.err()).isEqualTo("NAICREPORT FAILED\nstate file " + dir.resolve("state/cpuhog-state.csv")
        + " line 1: no isReported (move the file away to start from an empty state)\n");
  }
}
