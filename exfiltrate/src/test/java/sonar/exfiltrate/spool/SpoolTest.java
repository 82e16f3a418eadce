package sonar.exfiltrate.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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
import sonar.exfiltrate.batch.Batch;
import sonar.exfiltrate.cli.Output;
import sonar.testkit.TestClock;

class SpoolTest {

  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private static final InputFile.Header JSON = new InputFile.Header(Output.JSON, "ml");

  @TempDir
  Path dir;

  private final TestClock clock = new TestClock(T0);

  @Test
  void keepsInputsWholeWithTheirHeaderAndInTheOrderSpooledAcrossRuns() throws Exception {
    Spool first = new Spool(dir.resolve("spool"), clock, 999);
    Spool second = new Spool(dir.resolve("spool"), clock, 12);
    first.add(input("a\n"), JSON);
    first.add(input("b\n"), new InputFile.Header(Output.CSV, "cl-2"));
    clock.advance(Duration.ofMillis(1));
    second.add(input("c"), JSON);

    try (LockedSpool locked = second.tryLock()) {
      List<Spool.Entry> pending = locked.pending();
      assertThat(pending).extracting(Spool.Entry::name).containsExactly(
          "1709287200000-0000999-000000.input", "1709287200000-0000999-000001.input",
          "1709287200001-0000012-000000.input");
      assertThat(pending).extracting(Spool.Entry::spooled).containsExactly(T0, T0, T0.plusMillis(1));
      try (LockedSpool.Input read = locked.openInput(pending.get(1))) {
        assertThat(read.header()).isEqualTo(new InputFile.Header(Output.CSV, "cl-2"));
        assertThat(new String(read.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("b\n");
        try (InputStream again = read.again().open()) {
          assertThat(new String(again.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("b\n");
        }
      }
    }
    assertThat(Files.readString(dir.resolve("spool/1709287200000-0000999-000000.input")))
        .isEqualTo("exfiltrate-input output=json cluster=ml\na\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("spool"))))
        .isEqualTo("rwx------");
  }

  @Test
  void aSpoolThatCannotBeWrittenHandsTheWholeInputBack() throws Exception {
    Path blocked = Files.writeString(dir.resolve("spool"), "a file where the spool directory should be");
    Spool.Added added = new Spool(blocked, clock, 1).add(input("a\nb\n"), JSON);

    assertThat(added.entry()).isNull();
    assertThat(added.failure()).hasMessage("cannot create spool directory " + blocked
        + ": a file of that name is in the way");
    assertThat(new String(added.unspooled().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("a\nb\n");
  }

  @Test
  void whatWasReadBeforeTheSpoolFailedIsHandedBackWithTheRestAndNothingStaysInTheSpool() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    byte[] content = new byte[300_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) ('a' + i % 26);
    }
    // Something in the way of the rename: the copy is written whole, then cannot be put in place.
    Files.createDirectories(dir.resolve("1709287200000-0000001-000000.input/in-the-way"));

    Spool.Added added = spool.add(new ByteArrayInputStream(content), JSON);

    assertThat(added.entry()).isNull();
    assertThat(added.failure()).isNotNull();
    assertThat(added.unspooled().readAllBytes()).isEqualTo(content);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactly(
          "1709287200000-0000001-000000.input");
    }
  }

  @Test
  void whatWasReadBeforeStdinFailedIsSpooled() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    InputStream failing = new InputStream() {
      private int calls;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        if (calls++ > 0) {
          throw new IOException("Input/output error");
        }
        bytes[offset] = 'a';
        bytes[offset + 1] = '\n';
        return 2;
      }
    };

    Spool.Added added = spool.add(failing, JSON);

    assertThat(added.readFailure()).hasMessage("Input/output error");
    assertThat(Files.readString(added.entry().file())).isEqualTo("exfiltrate-input output=json cluster=ml\na\n");
  }

  /** A home-less user spools under /var/tmp: another user must not be able to make that directory first. */
  @Test
  void refusesASpoolInADirectoryAnyoneMayWriteThatIsNotPrivate() throws Exception {
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path planted = Files.createDirectories(shared.resolve("sonar-exfiltrate-alice"));
    Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));

    Spool.Added added = new Spool(planted, clock, 1).add(input("a\n"), JSON);

    assertThat(added.entry()).isNull();
    assertThat(added.failure()).hasMessage("spool directory " + planted + " is in " + shared + ", where anyone may "
        + "create files, and is not a private directory of " + System.getProperty("user.name") + "'s (it is owned by "
        + System.getProperty("user.name") + ", mode rwxrwxrwx): remove it, or choose another -spool-dir");
    Path own = shared.resolve("sonar-exfiltrate-bob");
    assertThat(new Spool(own, clock, 1).add(input("a\n"), JSON).entry()).isNotNull(); // made here, private
  }

  @Test
  void onlyOneHolderOfTheLockAtATime() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    try (LockedSpool held = spool.tryLock()) {
      assertThat(held).isNotNull();
      assertThat(new Spool(dir, clock, 2).tryLock()).isNull();
    }
    try (LockedSpool again = new Spool(dir, clock, 2).tryLock()) {
      assertThat(again).isNotNull();
    }
    assertThat(Files.readString(dir.resolve("lock"))).isEqualTo("2\n");
  }

  @Test
  void progressCountsBatchesDoneAcrossRunsAndGoesWithItsInput() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    Spool.Entry entry = spool.add(input("a\n"), JSON).entry();
    try (LockedSpool locked = spool.tryLock(); LockedSpool.Input input = locked.openInput(entry)) {
      assertThat(input.done()).isZero();
      input.markDone();
      input.markDone();
    }
    try (LockedSpool locked = spool.tryLock()) {
      try (LockedSpool.Input input = locked.openInput(entry)) {
        assertThat(input.done()).isEqualTo(2);
      }
      locked.finish(entry);
      assertThat(locked.pending()).isEmpty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactly("lock");
    }
  }

  @Test
  void progressEndsAtTheFirstByteThatIsNoMark() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    Spool.Entry entry = spool.add(input("a\n"), JSON).entry();
    Files.write(dir.resolve(entry.name() + ".done"), new byte[] {'+', '+', 0, 0, '+'}); // cut short by a crash
    try (LockedSpool locked = spool.tryLock(); LockedSpool.Input input = locked.openInput(entry)) {
      assertThat(input.done()).isEqualTo(2);
    }
  }

  @Test
  void setsARefusedBatchAsideAsABatchFileWithTheAnswerBesideItThatReadsBack() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    try (LockedSpool locked = spool.tryLock()) {
      Path kept = locked.setAside(batch("a", 1), "POST /sonar-reading: 400 \"Bad content\"");

      assertThat(kept).isEqualTo(dir.resolve("rejected/1709287200000-0000001-000000.batch"));
      assertThat(Files.readString(kept)).isEqualTo("/sonar-reading application/json 1\na\nwith a second line");
      assertThat(Files.readString(dir.resolve("rejected/1709287200000-0000001-000000.batch.answer")))
          .isEqualTo("POST /sonar-reading: 400 \"Bad content\"\n");
      assertThat(locked.rejected()).hasSize(1);
      assertThat(spool.isEmpty()).isTrue();

      // Moved back, as the guide says to resend it, it is a batch like those of earlier versions.
      Files.move(kept, dir.resolve(kept.getFileName()));
      List<Spool.Entry> pending = locked.pending();
      assertThat(pending).hasSize(1);
      Batch read = locked.readBatch(pending.get(0));
      assertThat(read.path()).isEqualTo("/sonar-reading");
      assertThat(read.contentType()).isEqualTo("application/json");
      assertThat(read.records()).isEqualTo(1);
      assertThat(new String(read.body(), StandardCharsets.UTF_8)).isEqualTo("a\nwith a second line");
    }
  }

  @Test
  void aLineTooLongToSendIsKeptOnceWithItsReason() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    Spool.Entry entry = spool.add(input("short\nthe long one\nshort\n"), JSON).entry();
    try (LockedSpool locked = spool.tryLock(); LockedSpool.Input input = locked.openInput(entry)) {
      Path kept = input.setAsideLine(2, 6, 12, "too long");

      assertThat(kept).isEqualTo(dir.resolve("rejected/1709287200000-0000001-000000-2.line"));
      assertThat(Files.readString(kept)).isEqualTo("the long one");
      assertThat(Files.readString(dir.resolve("rejected/1709287200000-0000001-000000-2.line.answer")))
          .isEqualTo("too long\n");
      assertThat(input.setAsideLine(2, 6, 12, "too long")).as("kept by an earlier run").isNull();
      assertThat(locked.rejected()).extracting(Spool.Entry::file).containsExactly(kept);
    }
  }

  @Test
  void trimmingDropsTheOldestFirstWhetherWaitingOrSetAside() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    spool.add(input("a"), JSON);
    clock.advance(Duration.ofMinutes(5));
    spool.add(input("b"), JSON);
    clock.advance(Duration.ofMinutes(5));
    spool.add(input("c"), JSON);
    try (LockedSpool locked = spool.tryLock()) {
      locked.reject(locked.pending().get(1), "401");
      long size = locked.pending().get(0).bytes();

      LockedSpool.Trimmed trimmed = locked.trim(size + 1);

      assertThat(trimmed).isEqualTo(new LockedSpool.Trimmed(2, 2 * size + 4, T0, T0.plus(Duration.ofMinutes(5))));
      assertThat(locked.pending()).extracting(Spool.Entry::spooled).containsExactly(T0.plus(Duration.ofMinutes(10)));
      assertThat(locked.rejected()).isEmpty();
      assertThat(locked.trim(size).isEmpty()).isTrue();
    }
  }

  @Test
  void aFileThatIsNotABatchOrNotAnInputCannotBeRead() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    Spool.Entry input = spool.add(input("a"), JSON).entry();
    Path batchFile = Files.writeString(dir.resolve("1709287200000-0000001-000009.batch"), "garbage");
    Files.writeString(input.file(), "garbage\n");
    try (LockedSpool locked = spool.tryLock()) {
      List<Spool.Entry> pending = locked.pending();

      assertThatThrownBy(() -> locked.openInput(pending.get(0))).hasMessage("spool file " + input.file()
          + " is not an input: no header line \"exfiltrate-input output=... cluster=...\"");
      assertThatThrownBy(() -> locked.readBatch(pending.get(1))).hasMessage("spool file " + batchFile
          + " is not a batch: no header line \"<path> <content type> <records>\"");
    }
  }

  @Test
  void removesWhatKilledRunsLeftButNotWhatRunningOnesWrite() throws Exception {
    Spool spool = new Spool(dir, clock, 1);
    Path old = Files.writeString(dir.resolve(".tmp-1709280000000-0000007-000000.input"), "half a");
    Files.setLastModifiedTime(old, FileTime.from(T0.minus(Duration.ofHours(2))));
    Path fresh = Files.writeString(dir.resolve(".tmp-1709287200000-0000008-000000.input"), "being written");
    Files.setLastModifiedTime(fresh, FileTime.from(T0));
    Files.writeString(dir.resolve("1709280000000-0000007-000001.input.done"), "++");
    try (LockedSpool locked = spool.tryLock()) {
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
    Files.writeString(dir.resolve("notes.input"), "not ours");
    try (LockedSpool locked = new Spool(dir, clock, 1).tryLock()) {
      assertThat(locked.pending()).isEmpty();
    }
  }

  @Test
  void adoptsOnlyAnInputInItsOwnDirectory() throws Exception {
    Spool spool = new Spool(dir.resolve("spool"), clock, 1);
    Path elsewhere = Files.createDirectories(dir.resolve("other")).resolve("1709287200000-0000001-000000.input");
    Files.writeString(elsewhere, "exfiltrate-input output=json cluster=ml\n");

    assertThatThrownBy(() -> spool.adopt(elsewhere)).hasMessage("the launcher spooled sonar's output in " + elsewhere
        + ", which is not an input of spool " + dir.resolve("spool"));
    Path own = Files.createDirectories(dir.resolve("spool")).resolve(elsewhere.getFileName());
    assertThat(spool.adopt(own)).as("sent by another run meanwhile").isFalse();
    Files.copy(elsewhere, own);
    assertThat(spool.adopt(own)).isTrue();
  }

  private static InputStream input(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Batch batch(String text, int records) {
    return new Batch("/sonar-reading", "application/json", records,
        (text + "\nwith a second line").getBytes(StandardCharsets.UTF_8));
  }
}
