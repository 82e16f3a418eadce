package sonar.sonalyze;

import static org.assertj.core.api.Assertions.assertThat;
import static sonar.sonalyze.Runner.run;
import static sonar.sonalyze.Runner.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear line naming the file, line or flag; the rest of the data is still analysed. */
class BadInputTest {

  private static final String GOOD = "v=0.7.0,time=2024-01-02T10:00:00Z,host=n,cores=4,user=bob,job=1,cmd=x\n";

  @TempDir
  Path root;

  /** parse over the day 2024-01-02 of the tree, with more arguments. */
  private Runner.Result parse(String... more) {
    List<String> args = new ArrayList<>(List.of("parse", "--data-path", root.toString(), "-f", "2024-01-02", "-t",
        "2024-01-02"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void reportsTheFirstBadLineOfAFileAndHowManyMoreAndKeepsTheRest() {
    Path file = write(root, "2024/01/02", "n.csv", GOOD
        + "v=0.7.0,time=2024-01-02T10:05:00Z,host=n,cores=4,user=bob,job=2,cmd=x,cpu%=abc\n"
        + "v=0.7.0,time=2024-01-02T10:05:00Z,host=n,cores=4,job=3,cmd=x\n"
        + "v=0.7.0,time=2024-01-02T10:05:00Z,host=n,cores=4,user=bob,job=4,cmd=x,cpu%=inf\n"
        + "v=0.7.0,time=2024-02-30T10:05:00Z,host=n,cores=4,user=bob,job=5,cmd=x\n"
        + "v=0.7.0,time=2024-01-02T10:10:00Z,host=n,cores=4,user=bob,job=6,cmd=x,job=6\n"
        + GOOD.replace("job=1", "job=7"));

    Runner.Result result = parse();

    assertThat(result.out()).isEqualTo("1,bob,x\n7,bob,x\n");
    assertThat(result.err()).isEqualTo("sonalyze: warning: " + file + ": line 2: cpu%=\"abc\" is not a finite number; "
        + "skipped (and 4 more bad lines)\n");
    assertThat(result.status()).isZero();
  }

  @Test
  void namesEachKindOfBadRecord() {
    String[][] cases = {
        {"v=0.7.0,time=2024-01-02T10:05:00Z,host=n,cores=4,job=3,cmd=x", "no user= field"},
        {"v=0.7.0,time=2024-01-02T10:05:00Z,host=n,user=u,cmd=x,cpu%=inf", "cpu%=\"inf\" is not a finite number"},
        {"v=0.7.0,time=2024-02-30T10:05:00Z,host=n,user=u,cmd=x",
        "time=\"2024-02-30T10:05:00Z\" is not an RFC 3339 time"},
        {"v=0.7.0,time=2024-01-02T10:05:00Z,host=n,user=u,cmd=x,job=1,job=1", "job= appears twice"},
        {"v=0.7.0,time=2024-01-02T10:05:00Z,host=n,user=u,cmd=x,pid=-1",
        "pid=\"-1\" is not an unsigned 32-bit integer"},
        {"v=0.7.0,time=2024-01-02T10:05:00Z,host=n,user=u,cmd=x,gpus=x2", "gpus=\"x2\" is not a GPU list"},
        {"v=0.7.0,time=2024-01-02T10:05:00Z,host=n,user=u,\"cmd=x", "a quoted field is not closed"},
    };
    for (String[] bad : cases) {
      Path file = write(root, "2024/01/02", "n.csv", bad[0] + "\n");
      assertThat(parse().err()).as(bad[0])
          .isEqualTo("sonalyze: warning: " + file + ": line 1: " + bad[1] + "; skipped\n");
    }
  }

  @Test
  void readsNaNAsTheReferenceDoes() {
    write(root, "2024/01/02", "n.csv", GOOD.replace("\n", ",cpu%=NaN\n"));

    assertThat(parse("--fmt=csv,job,cpu%").out()).isEqualTo("1,NaN\n");
  }

  @Test
  void reportsAFileThatCannotBeReadAndAnalysesTheOthers() throws IOException {
    write(root, "2024/01/02", "n.csv", GOOD);
    Path directory = Files.createDirectories(root.resolve("2024/01/02/m.csv"));

    Runner.Result result = parse();

    assertThat(result.out()).isEqualTo("1,bob,x\n");
    assertThat(result.err()).isEqualTo("sonalyze: " + directory + ": Is a directory\n");
    assertThat(result.status()).isEqualTo(1);
  }

  @Test
  void reportsAFileWhereADayShouldBe() throws IOException {
    write(root, "2024/01/02", "n.csv", GOOD);
    Files.writeString(root.resolve("2024/01/03"), "not a directory");

    Runner.Result result = run("parse", "--data-path", root.toString(), "-f", "2024-01-02", "-t", "2024-01-03");

    assertThat(result.out()).isEqualTo("1,bob,x\n");
    assertThat(result.err()).isEqualTo("sonalyze: warning: " + root.resolve("2024/01/03")
        + ": not a directory; skipped\n");
    assertThat(result.status()).isZero();
  }

  @Test
  void reportsALineOfAnEnvelopeFileThatIsNotJsonAndReadsTheNextOnes() {
    String message = "{\"meta\":{\"version\":\"0.19.0\"},\"data\":{\"type\":\"sample\",\"attributes\":{\"time\":"
        + "\"2024-01-02T10:00:00Z\",\"node\":\"n\",\"jobs\":[{\"job\":3,\"user\":\"bob\",\"processes\":[{\"cmd\":\"y\","
        + "\"pid\":4}]}]}}}\n";
    Path file = write(root, "2024/01/02", "0+sample-n.json", message + "{\"meta\":{\"version\":\n" + message);

    Runner.Result result = parse();

    assertThat(result.out()).isEqualTo("3,bob,y\n3,bob,y\n");
    assertThat(result.err()).startsWith("sonalyze: warning: " + file + ": line 2: not a sonar JSON message: ");
    assertThat(result.err().lines()).hasSize(1);
  }

  @Test
  void refusesABadDataPath() {
    Runner.Result result = run("jobs", "--data-path", root.resolve("nope").toString());

    assertThat(result.err()).isEqualTo("ERROR: Not a viable log directory: " + root.resolve("nope") + "\n");
    assertThat(result.status()).isEqualTo(1);
  }

  @Test
  void refusesUsageErrorsWithStatus2() {
    assertUsage(new String[] {"jobs", "--bogus"}, "sonalyze: unknown flag --bogus for jobs\n");
    assertUsage(new String[] {"jobs", "-x"}, "sonalyze: unknown flag -x for jobs\n");
    assertUsage(new String[] {"jobs", "--fmt"}, "sonalyze: --fmt needs a value\n");
    assertUsage(new String[] {"jobs", "--fmt=csv", "--fmt=json"}, "sonalyze: --fmt is given more than once\n");
    assertUsage(new String[] {"jobs", "--batch=yes"}, "sonalyze: --batch takes no value (\"--batch=yes\")\n");
    assertUsage(new String[] {"jobs", "-f", "2024-13-01"},
        "sonalyze: --from: \"2024-13-01\" is not a date (YYYY-MM-DD) nor Nd or Nw\n");
    assertUsage(new String[] {"jobs", "--min-runtime=3"},
        "sonalyze: --min-runtime: \"3\" is not a duration like 2d4h30m (WwDdHhMm, each part optional)\n");
    assertUsage(new String[] {"jobs", "--min-cpu-avg", "-1"}, "sonalyze: --min-cpu-avg needs a value\n");
    assertUsage(new String[] {"jobs", "--min-cpu-avg=x"},
        "sonalyze: --min-cpu-avg: \"x\" is not an unsigned integer\n");
    assertUsage(new String[] {"uptime"}, "sonalyze: uptime needs --interval MINUTES, sonar's sampling interval\n");
    assertUsage(new String[] {"parse", "--config-file", "x"}, "sonalyze: unknown flag --config-file for parse\n");
    assertUsage(new String[] {"frobnicate"}, "sonalyze: unknown command \"frobnicate\"; sonalyze help lists them\n");
    assertUsage(new String[] {"jobs", "stray"}, "sonalyze: unexpected argument \"stray\" (input files go after --)\n");
  }

  private static void assertUsage(String[] args, String message) {
    Runner.Result result = run(args);
    assertThat(result.err()).as(String.join(" ", args)).isEqualTo(message);
    assertThat(result.out()).isEmpty();
    assertThat(result.status()).isEqualTo(2);
  }

  @Test
  void refusesBadPatternsJobsAndWindowsAsTheReferenceDoesWithStatus1() {
    assertError(new String[] {"jobs", "--data-path", root.toString(), "--host", "ml[1-"},
        "ERROR: --host: unbalanced brackets in host pattern \"ml[1-\"\n");
    assertError(new String[] {"jobs", "--data-path", root.toString(), "--host", "ml*x"},
        "ERROR: --host: '*' may only end an element of host pattern \"ml*x\"\n");
    assertError(new String[] {"jobs", "--data-path", root.toString(), "--host", "a..b"},
        "ERROR: --host: empty element in host pattern \"a..b\"\n");
    assertError(new String[] {"jobs", "--data-path", root.toString(), "-j", "x"},
        "ERROR: --job: \"x\" is not a job number\n");
    assertError(new String[] {"jobs", "--data-path", root.toString(), "-f", "2024-01-02", "-t", "2024-01-01"},
        "ERROR: The --from time is greater than the --to time\n");
    assertError(new String[] {"jobs", "--data-path", root.toString(), "--fmt=nothing"},
        "ERROR: No output fields were selected\n");
    assertError(new String[] {"profile", "--data-path", root.toString()},
        "ERROR: Exactly one job number is required by `profile`\n");
  }

  @Test
  void refusesABadConfigFileNamingIt() {
    Path duplicate = write(root, "config", "dup.json", "[{\"hostname\":\"n[1-2]\",\"cpu_cores\":1,\"mem_gb\":1},"
        + "{\"hostname\":\"n2\",\"cpu_cores\":1,\"mem_gb\":1}]");
    Path noCores = write(root, "config", "cores.json", "[{\"hostname\":\"n\",\"mem_gb\":1}]");
    Path notJson = write(root, "config", "bad.json", "[{\"hostname\":\n");

    assertError(new String[] {"jobs", "--data-path", root.toString(), "--config-file", duplicate.toString()},
        "ERROR: " + duplicate + ": System info for host n2 already defined\n");
    assertError(new String[] {"jobs", "--data-path", root.toString(), "--config-file", noCores.toString()},
        "ERROR: " + noCores + ": Field 'cpu_cores' must be present and have an integer value\n");
    assertThat(run("jobs", "--data-path", root.toString(), "--config-file", notJson.toString()).err())
        .startsWith("ERROR: " + notJson + ": line 2: not JSON: ");
  }

  private static void assertError(String[] args, String message) {
    Runner.Result result = run(args);
    assertThat(result.err()).as(String.join(" ", args)).isEqualTo(message);
    assertThat(result.status()).isEqualTo(1);
  }
}
