package sonar.sonalyze;

import static org.assertj.core.api.Assertions.assertThat;
import static sonar.sonalyze.Runner.write;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.testkit.AnalysisCase;

/** Sonalyze.run as another program calls it: the time and environment it is given, from several threads. */
class InProcessTest {

  @TempDir
  Path root;

  private static String run(Clock clock, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Sonalyze.run(List.of(args), env, clock, out, new ByteArrayOutputStream());
    assertThat(status).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void takesNowAndRelativeTimesFromTheClockItIsGiven() {
    write(root, "2024/01/01", "n.csv", """
        v=0.7.0,time=2024-01-01T11:00:00Z,host=n,cores=4,user=bob,job=1,cmd=x
        v=0.7.0,time=2024-01-01T13:00:00Z,host=n,cores=4,user=bob,job=1,cmd=x
        v=0.7.0,time=2024-01-01T13:05:00Z,host=n,cores=4,user=bob,job=1,cmd=x
        """);
    Clock clock = Clock.fixed(Instant.parse("2024-01-02T12:00:00Z"), ZoneOffset.UTC);

    String parsed = run(clock, Map.of(), "parse", "--data-path", root.toString(), "-f", "1d", "--fmt=csv,localtime");
    String jobs = run(clock, Map.of("LOGNAME", "bob"), "jobs", "--data-path", root.toString(), "-f", "2d",
        "--fmt=csv,now,now/sec,job,start");

    assertThat(parsed).isEqualTo("2024-01-01 13:00\n2024-01-01 13:05\n");
    assertThat(jobs).isEqualTo("2024-01-02 12:00,1704196800,1,2024-01-01 11:00\n");
  }

  @Test
  void takesTheUserFromTheEnvironmentItIsGivenNotTheProcesses() {
    write(root, "2024/01/01", "n.csv", """
        v=0.7.0,time=2024-01-01T11:00:00Z,host=n,cores=4,user=bob,job=1,cmd=x
        v=0.7.0,time=2024-01-01T11:05:00Z,host=n,cores=4,user=bob,job=1,cmd=x
        """);
    Clock clock = Clock.fixed(Instant.parse("2024-01-02T00:00:00Z"), ZoneOffset.UTC);

    assertThat(run(clock, Map.of("LOGNAME", "bob"), "jobs", "--data-path", root.toString(), "--fmt=csv,job"))
        .isEqualTo("1\n");
    assertThat(run(clock, Map.of("LOGNAME", "carol"), "jobs", "--data-path", root.toString(), "--fmt=csv,job"))
        .isEmpty();
  }

  @Test
  void givesEveryThreadTheSameAnswerAtOnce() throws Exception {
    AnalysisCase reference = AnalysisCase.of("sonalyze").stream().filter(c -> c.name().equals("jobs_json_all_fields"))
        .findFirst().orElseThrow();
    List<String> args = ReferenceCasesTest.inCaseFolder(reference);
    Clock clock = Clock.fixed(Instant.parse("2026-12-01T02:54:00Z"), ZoneOffset.UTC);
    String alone = run(clock, AnalysisCase.ENVIRONMENT, args.toArray(String[]::new));

    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(threads.submit(() -> run(clock, AnalysisCase.ENVIRONMENT, args.toArray(String[]::new))));
      }
      for (Future<String> answer : answers) {
        assertThat(answer.get(2, TimeUnit.MINUTES)).isEqualTo(alone);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(reference.normalized("stdout", alone)).isEqualTo(reference.normalized("stdout",
        reference.expectedOut()));
  }
}
