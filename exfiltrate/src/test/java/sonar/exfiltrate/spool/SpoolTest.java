package sonar.exfiltrate.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.testkit.TestClock;

class SpoolTest {

  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  @TempDir
  Path dir;

  private final TestClock clock = new TestClock(T0);

  @Test
  void keepsBatchesWholeAndInTheOrderSpooledAcrossRuns() throws Exception {
    Spool first = new Spool(dir.resolve("spool"), clock, 999);
    Spool second = new Spool(dir.resolve("spool"), clock, 12);
    first.add(List.of(batch("a", 1), batch("b", 2)));
    clock.advance(Duration.ofMillis(1));
    second.add(List.of(batch("c", 3)));

    try (Spool.Locked locked = second.tryLock()) {
      List<Spool.Entry> pending = locked.pending();
      assertThat(pending).extracting(Spool.Entry::name).containsExactly(
          "1709287200000-0000999-000000.batch", "1709287200000-0000999-000001.batch",
          "1709287200001-0000012-000000.batch");
      assertThat(pending).extracting(Spool.Entry::spooled).containsExactly(T0, T0, T0.plusMillis(1));
      Batch read = locked.read(pending.get(1));
      assertThat(read.path()).isEqualTo("/sonar-reading");
      assertThat(read.contentType()).isEqualTo("application/json");
      assertThat(read.records()).isEqualTo(2);
      assertThat(new String(read.body(), StandardCharsets.UTF_8)).isEqualTo("b\nwith a second line");
    }
    assertThat(Files.readString(dir.resolve("spool/1709287200000-0000999-000000.batch")))
        .isEqualTo("/sonar-reading application/json 1\na\nwith a second line");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("spool"))))
        .isEqualTo("rwx------");
  }

  @Test
  void onlyOneHolderOfTheLockAtATime() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    try (Spool.Locked held = spool.tryLock()) {
      assertThat(held).isNotNull();
      assertThat(new Spool(dir, clock, 2).tryLock()).isNull();
    }
    try (Spool.Locked again = new Spool(dir, clock, 2).tryLock()) {
      assertThat(again).isNotNull();
    }
  }

  @Test
  void setsARefusedBatchAsideWithTheAnswerBesideIt() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    spool.add(List.of(batch("a", 1)));
    try (Spool.Locked locked = spool.tryLock()) {
      Path moved = locked.reject(locked.pending().get(0), "POST /sonar-reading: 400 \"Bad content\"");

      assertThat(moved).isEqualTo(dir.resolve("rejected/1709287200000-0000001-000000.batch"));
      assertThat(Files.readString(dir.resolve("rejected/1709287200000-0000001-000000.batch.answer")))
          .isEqualTo("POST /sonar-reading: 400 \"Bad content\"\n");
      assertThat(locked.pending()).isEmpty();
      assertThat(locked.rejected()).hasSize(1);
      assertThat(spool.isEmpty()).isTrue();
    }
  }

  @Test
  void trimmingDropsTheOldestFirstWhetherWaitingOrSetAside() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    spool.add(List.of(batch("a", 1)));
    clock.advance(Duration.ofMinutes(5));
    spool.add(List.of(batch("b", 2)));
    clock.advance(Duration.ofMinutes(5));
    spool.add(List.of(batch("c", 4)));
    try (Spool.Locked locked = spool.tryLock()) {
      locked.reject(locked.pending().get(1), "401");
      long size = locked.pending().get(0).bytes();

      Spool.Trimmed trimmed = locked.trim(size + 1);

      assertThat(trimmed).isEqualTo(new Spool.Trimmed(2, 3, 2 * size + 4, T0, T0.plus(Duration.ofMinutes(5))));
      assertThat(locked.pending()).extracting(Spool.Entry::spooled).containsExactly(T0.plus(Duration.ofMinutes(10)));
      assertThat(locked.rejected()).isEmpty();
      assertThat(locked.trim(size).isEmpty()).isTrue();
    }
  }

  @Test
  void aFileThatIsNotABatchCannotBeRead() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    spool.add(List.of(batch("a", 1)));
    try (Spool.Locked locked = spool.tryLock()) {
      Spool.Entry entry = locked.pending().get(0);
      Files.writeString(entry.file(), "garbage");

      assertThatThrownBy(() -> locked.read(entry)).hasMessage("spool file " + entry.file()
          + " is not a batch: no header line \"<path> <content type> <records>\"");
    }
  }

  @Test
  void removesTemporaryFilesThatKilledRunsLeftButNotThoseOfRunningOnes() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    Path old = Files.writeString(dir.resolve(".tmp-1709280000000-0000007-000000.batch"), "half a");
    Files.setLastModifiedTime(old, FileTime.from(T0.minus(Duration.ofHours(2))));
    Path fresh = Files.writeString(dir.resolve(".tmp-1709287200000-0000008-000000.batch"), "being written");
    Files.setLastModifiedTime(fresh, FileTime.from(T0));
    try (Spool.Locked locked = spool.tryLock()) {
      assertThat(locked.pending()).isEmpty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder("lock", fresh.getFileName().toString());
    }
  }

  @Test
  void ignoresFilesThatAreNotItsOwn() throws Exception {
    Files.writeString(dir.resolve("notes.batch"), "not ours");
    try (Spool.Locked locked = new Spool(dir, clock, 1).tryLock()) {
      assertThat(locked.pending()).isEmpty();
    }
  }

  private static Batch batch(String text, int records) {
    return new Batch("/sonar-reading", "application/json", records,
        (text + "\nwith a second line").getBytes(StandardCharsets.UTF_8));
  }
}
