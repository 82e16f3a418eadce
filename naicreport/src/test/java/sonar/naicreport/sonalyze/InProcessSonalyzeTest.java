package sonar.naicreport.sonalyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.naicreport.testing.Invocation;

/** naicreport with this project's sonalyze in its JVM: what sonalyze's stderr and exit status do to a run. */
class InProcessSonalyzeTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T10:15:30Z"), ZoneOffset.UTC);
  static final String LINE = "v=0.7.0,time=2024-01-01T10:%02d:00Z,host=n1,cores=8,user=alice,job=42,pid=0,cmd=sim,"
      + "cpu%%=100,cpukib=1048576,cputime_sec=%d,rolledup=1\n";

  @TempDir
  Path dir;
  Path csv;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectory(dir.resolve("out"));
    Files.writeString(dir.resolve("nodes.json"), "[{\"hostname\":\"n1\",\"description\":\"eight cores\","
        + "\"cpu_cores\":8,\"mem_gb\":16,\"gpu_cards\":0,\"gpumem_gb\":0}]");
    csv = Files.createDirectories(dir.resolve("data/2024/01/01")).resolve("n1.csv");
  }

  Invocation load(String dataPath) {
    return Invocation.run(dir, CLOCK, new InProcessSonalyze(Map.of(), CLOCK), "load", "-config-file", "nodes.json",
        "-data-path", dataPath, "-output-path", "out", "-tag", "minutely", "-none", "-from", "2024-01-01", "-to",
        "2024-01-01");
  }

  @Test
  void aWarningPassesThroughAndTheReportIsStillWritten() throws IOException {
    Files.writeString(csv, String.format(LINE, 0, 100) + "v=0.7.0,time=2024-01-01T10:02:00Z,host=n1,user=alice,"
        + "cmd=sim,cpu%=abc\n" + String.format(LINE, 5, 400));

    Invocation run = load("data");

    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).isEqualTo("sonalyze: warning: " + csv + ": line 2: cpu%=\"abc\" is not a finite number; "
        + "skipped\n");
    assertThat(dir.resolve("out/n1-minutely.json")).exists();
    assertThat(Files.readString(dir.resolve("out/n1-minutely.json")))
        .contains("\"labels\":[\"2024-01-01 10:00\",\"2024-01-01 10:05\"]");
  }

  @Test
  void aFailingSonalyzeFailsTheRunWithAMessageNamingTheCommand() throws IOException {
    Invocation run = load("nowhere");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("NAICREPORT FAILED\nsonalyze load failed (exit status 1): ERROR: Not a viable log "
        + "directory: " + dir.resolve("nowhere") + "\n");
    try (Stream<Path> written = Files.list(dir.resolve("out"))) {
      assertThat(written).isEmpty();
    }
  }
}
