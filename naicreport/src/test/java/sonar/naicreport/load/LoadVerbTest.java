package sonar.naicreport.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.naicreport.testing.FakeSonalyze;
import sonar.naicreport.testing.Invocation;

class LoadVerbTest {

  /** 10:15 UTC is 11:15 in Oslo: the reports' date is the server's local time. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T10:15:30Z"), ZoneId.of("Europe/Oslo"));

  @TempDir
  Path dir;
  Path out;

  @BeforeEach
  void setUp() throws IOException {
    out = Files.createDirectory(dir.resolve("out"));
    Files.writeString(dir.resolve("nodes.json"), "[]");
  }

  static String record(String host, String time, String rcpu, String rmem, String rgpu, String rgpumem) {
    return "{\"datetime\":\"" + time + "\",\"cpu\":\"1\",\"mem\":\"2\",\"gpu\":\"3\",\"gpumem\":\"4\",\"rcpu\":\""
        + rcpu
        + "\",\"rmem\":\"" + rmem + "\",\"rgpu\":\"" + rgpu + "\",\"rgpumem\":\"" + rgpumem
        + "\",\"gpus\":\"none\",\"host\":\"" + host + "\"}";
  }

  static String system(String host, String description, int cards, String... records) {
    return "{\"system\":{\"hostname\":\"" + host + "\",\"description\":\"" + description + "\",\"gpucards\":\"" + cards
        + "\"},\"records\":[" + String.join(",", records) + "]}";
  }

  static final String TWO_HOSTS = "[" + system("gpu1", "4x A100 <lab> & co", 4,
      record("gpu1", "2024-01-01 10:00", "12.5", "50", "100", "25"),
      record("gpu1", "2024-01-01 11:00", "300", "0.5", "0", "7"))
      + "," + system("cpu1", "no GPU", 0,
      record("cpu1", "2024-01-01 10:00", "1", "2", "NaN", "NaN")) + "]";

  Invocation load(FakeSonalyze sonalyze, String... flags) {
    String[] args = Stream.concat(Stream.of("load", "-config-file", "nodes.json", "-data-path", "data",
        "-output-path", "out", "-from", "2024-01-01", "-to", "2024-01-01"), Stream.of(flags)).toArray(String[]::new);
    return Invocation.run(dir, CLOCK, sonalyze, args);
  }

  String read(String name) throws IOException {
    return Files.readString(out.resolve(name));
  }

  List<String> written() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesOneReportPerHostAsTheReferenceMarshalsIt() throws IOException {
    Invocation run = load(new FakeSonalyze().answer("load", TWO_HOSTS), "-tag", "daily");

    assertThat(run.err()).isEmpty();
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(written()).containsExactly("cpu1-daily.json", "gpu1-daily.json");
    assertThat(read("gpu1-daily.json")).isEqualTo("{\"date\":\"2024-01-02 11:15\",\"hostname\":\"gpu1\","
        + "\"tag\":\"daily\",\"bucketing\":\"hourly\",\"labels\":[\"2024-01-01 10:00\",\"2024-01-01 11:00\"],"
        + "\"rcpu\":[12.5,300],\"rmem\":[50,0.5],\"rgpu\":[100,0],\"rgpumem\":[25,7],"
        + "\"system\":{\"hostname\":\"gpu1\",\"description\":\"4x A100 \\u003clab\\u003e \\u0026 co\"}}");
    // No cards: no GPU series, though sonalyze printed some.
    assertThat(read("cpu1-daily.json")).isEqualTo("{\"date\":\"2024-01-02 11:15\",\"hostname\":\"cpu1\","
        + "\"tag\":\"daily\",\"bucketing\":\"hourly\",\"labels\":[\"2024-01-01 10:00\"],\"rcpu\":[1],\"rmem\":[2],"
        + "\"system\":{\"hostname\":\"cpu1\",\"description\":\"no GPU\"}}");
    assertThat(Files.getPosixFilePermissions(out.resolve("cpu1-daily.json")))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
  }

  @Test
  void passesTheReferenceArgumentsToSonalyze() {
    FakeSonalyze sonalyze = new FakeSonalyze().answer("load", "[]").answer("uptime", "[]");
    load(sonalyze, "-none", "-with-downtime");

    String config = dir.resolve("nodes.json").toString();
    String data = dir.resolve("data").toString();
    assertThat(sonalyze.commands()).containsExactly(
        List.of("load", "--config-file", config,
            "--fmt=json,datetime,cpu,mem,gpu,gpumem,rcpu,rmem,rgpu,rgpumem,gpus,host", "--none",
            "--from", "2024-01-01", "--to", "2024-01-01", "--data-path", data),
        List.of("uptime", "--interval", "4", "--only-down", "--fmt=json,device,host,start,end",
            "--from", "2024-01-01", "--to", "2024-01-01", "--data-path", data));
  }

  @Test
  void bucketingFollowsNoneThenDailyThenHourly() {
    FakeSonalyze sonalyze = new FakeSonalyze().answer("load", "[]");
    load(sonalyze, "-daily", "-none");
    load(sonalyze, "-daily");
    load(sonalyze);
    assertThat(sonalyze.commands()).extracting(c -> c.get(4)).containsExactly("--none", "--daily", "--hourly");
  }

  @Test
  void withoutAnyBucketingSaysWhichFlagsThereAre() {
    Invocation run = load(new FakeSonalyze(), "-hourly=false");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("NAICREPORT FAILED\nOne of --daily, --hourly, or --none is required\n");
  }

  @Test
  void inputFilesReplaceTheDataPathAndTheDefaultWindowHasNoTo() {
    FakeSonalyze sonalyze = new FakeSonalyze().answer("load", "[]");
    Invocation run = Invocation.run(dir, CLOCK, sonalyze, "load", "-config-file", "nodes.json", "-output-path", "out",
        "--", "a.csv", "/abs/b.csv");
    assertThat(run.err()).isEmpty();
    assertThat(sonalyze.commands().get(0).subList(5, 10))
        .containsExactly("--from", "1d", "--", dir.resolve("a.csv").toString(), "/abs/b.csv");
  }

  @Test
  void clusterWritesOneReportNamedByTheTag() throws IOException {
    FakeSonalyze sonalyze = new FakeSonalyze().answer("load",
        "[" + system("ml[1-2]", "a|||b", 8, record("ml[1-2]", "2024-01-01 00:00", "1", "2", "3", "4")) + "]");
    Invocation run = load(sonalyze, "-daily", "-tag", "ml-nvidia-weekly", "-cluster", "ml[1-2,5],ml8");

    assertThat(run.err()).isEmpty();
    assertThat(sonalyze.commands().get(0).subList(4, 10))
        .containsExactly("--daily", "--cluster", "--host", "ml[1-2,5]", "--host", "ml8");
    assertThat(written()).containsExactly("ml-nvidia-weekly.json");
    assertThat(read("ml-nvidia-weekly.json")).startsWith("{\"date\":\"2024-01-02 11:15\",\"hostname\":\"ml[1-2]\","
        + "\"tag\":\"ml-nvidia-weekly\",\"bucketing\":\"daily\"");
  }

  @Test
  void clusterRefusesWhatTheReferenceRefuses() {
    assertThat(load(new FakeSonalyze(), "-none", "-tag", "t", "-cluster", "a").err())
        .isEqualTo("NAICREPORT FAILED\nCannot --cluster together with --none\n");
    assertThat(load(new FakeSonalyze(), "-with-downtime", "-tag", "t", "-cluster", "a").err())
        .isEqualTo("NAICREPORT FAILED\nCannot --cluster together with --with-downtime\n");
    assertThat(load(new FakeSonalyze(), "-cluster", "a").err())
        .isEqualTo("NAICREPORT FAILED\n--cluster needs --tag, which names the report file\n");
    assertThat(load(new FakeSonalyze(), "-tag", "t", "-cluster", "a[1-2,b").err())
        .isEqualTo("NAICREPORT FAILED\nIllegal pattern: Missing end bracket\n");
    assertThat(load(new FakeSonalyze().answer("load", "[]"), "-tag", "t", "-cluster", "a").err())
        .isEqualTo("NAICREPORT FAILED\nExpected exactly one datum for clustered run, tag=t"
            + " (no data for these hosts in the window)\n");
  }

  @Test
  void downtimeMarksTheSlotsAPeriodCoversFromTheSlotItStartsIn() throws IOException {
    String load = "[" + system("a", "", 2,
        record("a", "2024-01-01 00:00", "1", "1", "1", "1"), record("a", "2024-01-01 01:00", "1", "1", "1", "1"),
        record("a", "2024-01-01 02:00", "1", "1", "1", "1"), record("a", "2024-01-01 03:00", "1", "1", "1", "1"))
        + "," + system("b", "", 0, record("b", "2024-01-01 00:00", "1", "1", "1", "1")) + "]";
    String uptime = "[{\"device\":\"host\",\"host\":\"a\",\"start\":\"2024-01-01 01:30\",\"end\":\"2024-01-01 02:00\"},"
        + "{\"device\":\"gpu\",\"host\":\"a\",\"start\":\"2024-01-01 03:10\",\"end\":\"2024-01-01 04:00\"},"
        + "{\"device\":\"host\",\"host\":\"a\",\"start\":\"bad\",\"end\":\"2024-01-01 04:00\"}]";
    Invocation run = load(new FakeSonalyze().answer("load", load).answer("uptime", uptime), "-with-downtime", "-tag",
        "x");

    assertThat(run.err()).isEmpty();
    assertThat(read("a-x.json")).contains(",\"downhost\":[0,1,0,0],\"downgpu\":[0,0,0,1],\"system\"");
    // The reference gives a host without down periods the next host's in name order; here it gets none.
    assertThat(read("b-x.json")).doesNotContain("down");
  }

  @Test
  void oneSlotWithoutGpuFiguresDropsTheGpuSeries() throws IOException {
    String load = "[" + system("a", "", 2, record("a", "2024-01-01 00:00", "1", "1", "1", "1"),
        record("a", "2024-01-01 01:00", "1", "1", "NaN", "1")) + "]";
    String uptime = "[{\"device\":\"gpu\",\"host\":\"a\",\"start\":\"2024-01-01 00:00\",\"end\":\"2024-01-01 04:00\"}]";
    load(new FakeSonalyze().answer("load", load).answer("uptime", uptime), "-with-downtime", "-tag", "x");

    assertThat(read("a-x.json")).contains("\"rmem\":[1,1],\"downhost\":[0,0],\"system\"");
  }

  @Test
  void aSlotWithoutCpuFiguresWritesNoReportAndKeepsTheOldOnes() throws IOException {
    Files.writeString(out.resolve("a-x.json"), "old a");
    String load = "[" + system("a", "", 0, record("a", "2024-01-01 00:00", "1", "1", "0", "0")) + ","
        + system("b", "", 0, record("b", "2024-01-01 00:00", "NaN", "1", "0", "0")) + "]";
    Invocation run = load(new FakeSonalyze().answer("load", load), "-tag", "x");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("NAICREPORT FAILED\nWhile marshaling perHost data for b: json: unsupported value:"
        + " NaN in rcpu\n");
    assertThat(written()).containsExactly("a-x.json");
    assertThat(read("a-x.json")).isEqualTo("old a");
  }

  @Test
  void aFailedSonalyzeRunWritesNothing() throws IOException {
    Invocation run = load(new FakeSonalyze().failWith("sonalyze load failed (exit status 1): ERROR: boom"), "-tag",
        "x");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("NAICREPORT FAILED\nsonalyze load failed (exit status 1): ERROR: boom\n");
    assertThat(written()).isEmpty();
  }

  @Test
  void outputThatIsNotSonalyzesJsonSaysSo() {
    Invocation run = load(new FakeSonalyze().answer("load", "[{\"system\":{\"hostname\":\"a\"}}]"), "-tag", "x");
    assertThat(run.err()).isEqualTo("NAICREPORT FAILED\nthe output of `sonalyze load`, system 1: no field"
        + " \"description\"\n");
  }

  @Test
  void rejectsAHostNameThatWouldLeaveTheOutputDirectory() throws IOException {
    String load = "[" + system("../evil", "", 0, record("../evil", "2024-01-01 00:00", "1", "1", "0", "0")) + "]";
    Invocation run = load(new FakeSonalyze().answer("load", load), "-tag", "x");
    assertThat(run.err())
        .isEqualTo("NAICREPORT FAILED\nhost name ../evil cannot name a report file (../evil-x.json)\n");
    assertThat(written()).isEmpty();
    assertThat(dir.resolve("evil-x.json")).doesNotExist();
  }

  @Test
  void aMissingOutputDirectoryOrConfigFileIsNamed() throws IOException {
    Invocation noOutput = Invocation.run(dir, CLOCK, new FakeSonalyze(), "load", "-config-file", "nodes.json",
        "-data-path", "data", "-output-path", "nowhere");
    assertThat(noOutput.err()).isEqualTo("NAICREPORT FAILED\n-output-path " + dir.resolve("nowhere")
        + " is not a directory\n");
    Invocation noConfig = Invocation.run(dir, CLOCK, new FakeSonalyze(), "load", "-config-file", "none.json",
        "-data-path", "data", "-output-path", "out");
    assertThat(noConfig.err()).isEqualTo("NAICREPORT FAILED\n-config-file " + dir.resolve("none.json")
        + " does not exist\n");
  }

  @Test
  void withoutBuiltInSonalyzeTheFlagIsRequired() {
    Invocation run = Invocation.run(dir, CLOCK, null, "load", "-config-file", "nodes.json", "-data-path", "data",
        "-output-path", "out");
    assertThat(run.err()).isEqualTo("NAICREPORT FAILED\n-sonalyze requires a value\n");
  }
}
