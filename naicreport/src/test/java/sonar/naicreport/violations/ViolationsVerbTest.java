package sonar.naicreport.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.naicreport.testing.Invocation;

class ViolationsVerbTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-05T12:34:56Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  static String hog(String now, String job, String host, String start, String cpuPeak, String rcpuAvg) {
    return "now=" + now + ",jobm=" + job + ",user=u" + job.replaceAll("\\D", "") + ",duration=0d 1h 0m,host=" + host
        + ",cpu-peak=" + cpuPeak + ",gpu-peak=0,rcpu-avg=" + rcpuAvg + ",rcpu-peak=50,rmem-avg=1,rmem-peak=2,start="
        + start + ",end=" + now + ",cmd=python,tag=cpuhog\n";
  }

  Path log(String day, String policyFile, String... lines) throws IOException {
    Path file = dir.resolve("data").resolve(day).resolve(policyFile);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("", lines));
    return file;
  }

  Invocation cpuhog(String... more) {
    return Invocation.run(dir, CLOCK, null, Stream.concat(Stream.of("ml-cpuhog", "-data-path", "data",
        "-from", "2024-01-04", "-to", "2024-01-05"), Stream.of(more)).toArray(String[]::new));
  }

  String state() throws IOException {
    return Files.readString(dir.resolve("data/cpuhog-state.csv"));
  }

  @Test
  void aJobInConsecutiveRunsIsOneJobWithItsLargestFigures() throws IOException {
    log("2024/01/04", "cpuhog.csv",
        hog("2024-01-04 10:02", "7>", "n1", "2024-01-04 09:00", "1650", "12"),
        hog("2024-01-04 12:02", "7>", "n1", "2024-01-04 08:55", "999", "30"));
    Invocation run = cpuhog();

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("New CPU hog detected (uses a lot of CPU and no GPU) on host \"n1\":\n"
        + "  Job#: 7\n  User: u7\n  Command: python\n  Started on or before: 2024-01-04 08:55\n"
        + "  Violation first detected: 2024-01-05 12:34\n  Last Seen: 2024-01-04 12:02\n  Observed data:\n"
        + "    CPU peak = 16 cores\n    CPU utilization avg/peak = 30%, 50%\n    Memory utilization avg/peak = 1%, "
            + "2%\n\n");
    assertThat(state()).isEqualTo("id=7,host=n1,startedOnOrBefore=2024-01-04T08:55:00Z,"
        + "firstViolation=2024-01-05T12:34:56Z,lastSeen=2024-01-04T12:02:00Z,isReported=true,isExpired=false\n");
    assertThat(Files.getPosixFilePermissions(dir.resolve("data/cpuhog-state.csv")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(cpuhog().out()).as("a second run has nothing new").isEmpty();
  }

  @Test
  void anIdMissingFromARunIsAnotherJobAfterwardsAndTheOlderOneExpires() throws IOException {
    log("2024/01/04", "cpuhog.csv",
        hog("2024-01-04 10:02", "7", "n1", "2024-01-04 09:00", "100", "10"),
        hog("2024-01-04 10:02", "8", "n1", "2024-01-04 09:00", "100", "10"),
        hog("2024-01-04 12:02", "8", "n1", "2024-01-04 09:00", "100", "10"),
        hog("2024-01-04 14:02", "7", "n1", "2024-01-04 13:00", "200", "10"));
    Invocation run = cpuhog("-summary");

    assertThat(run.out().lines().sorted().toList()).containsExactly("u7,7,n1,1", "u7,7,n1,2", "u8,8,n1,1");
    assertThat(state().lines().toList()).containsExactly(
        "id=7,host=n1,startedOnOrBefore=2024-01-04T13:00:00Z,firstViolation=2024-01-05T12:34:56Z,"
            + "lastSeen=2024-01-04T14:02:00Z,isReported=true,isExpired=false",
        "id=7,host=n1,startedOnOrBefore=2024-01-04T09:00:00Z,firstViolation=2024-01-05T12:34:56Z,"
            + "lastSeen=2024-01-04T10:02:00Z,isReported=true,isExpired=true",
        "id=8,host=n1,startedOnOrBefore=2024-01-04T09:00:00Z,firstViolation=2024-01-05T12:34:56Z,"
            + "lastSeen=2024-01-04T12:02:00Z,isReported=true,isExpired=false");
  }

  @Test
  void jsonListsEveryJobOfTheWindowAndMarksNoneReported() throws IOException {
    log("2024/01/04", "cpuhog.csv", hog("2024-01-04 10:02", "7!", "n1", "2024-01-04 09:00", "1650", "12"));
    Invocation run = cpuhog("-json");

    assertThat(run.out()).isEqualTo("[{\"hostname\":\"n1\",\"id\":7,\"user\":\"u7\",\"cmd\":\"python\","
        + "\"started-on-or-before\":\"2024-01-04 09:00\",\"first-violation\":\"2024-01-05 12:34\","
        + "\"last-seen\":\"2024-01-04 10:02\",\"cpu-peak\":16,\"rcpu-avg\":12,\"rcpu-peak\":50,\"rmem-avg\":1,"
        + "\"rmem-peak\":2}]\n");
    assertThat(state()).contains("isReported=false");
    assertThat(cpuhog().out()).startsWith("New CPU hog detected");
  }

  @Test
  void reportedJobsNotSeenSinceTheWindowBeganAreForgotten() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data/cpuhog-state.csv"),
        "id=1,host=n1,startedOnOrBefore=2024-01-01T00:00:00Z,firstViolation=2024-01-01T00:00:00Z,"
            + "lastSeen=2024-01-03T23:59:00Z,isReported=true,isExpired=false\n"
            + "id=2,host=n1,startedOnOrBefore=2024-01-01T00:00:00Z,firstViolation=2024-01-01T00:00:00Z,"
            + "lastSeen=2024-01-03T23:59:00+01:00,isReported=false,isExpired=false\n"
            + "id=3,host=n1,startedOnOrBefore=2024-01-01T00:00:00Z,firstViolation=2024-01-01T00:00:00Z,"
            + "lastSeen=2024-01-04T00:00:00Z,isReported=true,isExpired=true\n");
    Invocation run = cpuhog("-v");

    assertThat(run.out()).as("a job the logs no longer mention is not reported").isEmpty();
    assertThat(run.err()).isEqualTo("2+1 records in database\n0 files\n0 hosts in log\n0 new jobs\n1 purged\n");
    // Times keep the offset they were written with, as the reference's Go time does.
    assertThat(state().lines().toList()).containsExactly(
        "id=2,host=n1,startedOnOrBefore=2024-01-01T00:00:00Z,firstViolation=2024-01-01T00:00:00Z,"
            + "lastSeen=2024-01-03T23:59:00+01:00,isReported=false,isExpired=false",
        "id=3,host=n1,startedOnOrBefore=2024-01-01T00:00:00Z,firstViolation=2024-01-01T00:00:00Z,"
            + "lastSeen=2024-01-04T00:00:00Z,isReported=true,isExpired=true");
  }

  @Test
  void aMalformedStateFileStopsTheRunAndStaysAsItIs() throws IOException {
    log("2024/01/04", "cpuhog.csv", hog("2024-01-04 10:02", "7", "n1", "2024-01-04 09:00", "100", "10"));
    String broken = "id=1,host=n1,startedOnOrBefore=2024-01-01T00:00:00Z,firstViolation=yesterday,"
        + "lastSeen=2024-01-03T00:00:00Z,isReported=true\n";
    Files.writeString(dir.resolve("data/cpuhog-state.csv"), broken);
    Invocation run = cpuhog();

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("NAICREPORT FAILED\nstate file " + dir.resolve("data/cpuhog-state.csv")
        + " line 1: firstViolation is not an RFC 3339 time: yesterday (move the file away to start from an empty"
        + " state)\n");
    assertThat(state()).isEqualTo(broken);
  }

  @Test
  void linesOfOtherTagsOrMissingFieldsOrBrokenQuotesAreSkipped() throws IOException {
    log("2024/01/04", "deadweight.csv",
        "now=2024-01-04 10:02,jobm=5,user=a,host=n1,start=2024-01-04 09:00,end=2024-01-04 10:00,cmd=x,tag=cpuhog\n",
        "now=2024-01-04 10:02,jobm=6,user=a,host=n1,start=2024-01-04 09:00,cmd=x,tag=deadweight\n",
        "now=2024-01-04 10:02,jobm=7,user=a,host=n1,start=2024-01-04 09:00,end=2024-01-04 "
            + "10:00,cmd=x\"y,tag=deadweight\n",
        "now=2024-01-04 10:02,jobm=8<,user=a,host=n1,start=2024-01-04 09:00,end=2024-01-04 10:00,"
            + "\"cmd=python <defunct>, x\",tag=bughunt\n");
    Invocation run = Invocation.run(dir, CLOCK, null, "deadweight", "-data-path", "data", "-from", "2024-01-04",
        "-to", "2024-01-04", "-summary");

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("a,8,n1\n");
  }

  @Test
  void inputFilesNeedAStateFile() throws IOException {
    Path file = log("x", "cpuhog.csv", hog("2024-01-04 10:02", "7", "n1", "2024-01-04 09:00", "100", "10"));
    Invocation noState = Invocation.run(dir, CLOCK, null, "ml-cpuhog", file.toString());
    assertThat(noState.err()).isEqualTo("NAICREPORT FAILED\nIf --state-file is not present then --data-path must be\n");

    Invocation run = Invocation.run(dir, CLOCK, null, "ml-cpuhog", "-state-file", "s.csv", "-summary", "--",
        file.toString());
    assertThat(run.out()).isEqualTo("u7,7,n1,1\n");
    assertThat(dir.resolve("s.csv")).exists();
  }

  @Test
  void nowSetsTheTimeOfFirstViolation() throws IOException {
    log("2024/01/04", "cpuhog.csv", hog("2024-01-04 10:02", "7", "n1", "2024-01-04 09:00", "100", "10"));
    assertThat(cpuhog("-now", "2024-01-04 10:02").out()).contains("  Violation first detected: 2024-01-04 10:02\n");
    assertThat(cpuhog("-now", "2024-01-04T10:02").err())
        .isEqualTo("NAICREPORT FAILED\nArgument to --now could not be parsed: \"2024-01-04T10:02\" is not"
            + " YYYY-MM-DD HH:MM\n");
  }

  @Test
  void anUnreadableLogIsAnErrorAndTheStateIsKept() throws IOException {
    Files.createDirectories(dir.resolve("data/2024/01/04/cpuhog.csv"));
    Invocation run = cpuhog();
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).startsWith("NAICREPORT FAILED\ncannot read log file "
        + dir.resolve("data/2024/01/04/cpuhog.csv"));
    try (Stream<Path> files = Files.list(dir.resolve("data"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("2024"));
    }
  }
}
