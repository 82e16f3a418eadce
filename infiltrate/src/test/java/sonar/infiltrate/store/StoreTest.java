package sonar.infiltrate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sonar.infiltrate.testing.HeldWriter;
import sonar.infiltrate.testing.LogLines;
import sonar.testkit.TestClock;

class StoreTest {

  private static final StoreSettings SETTINGS = StoreSettings.DEFAULTS;

  @TempDir
  Path data;
  @TempDir
  Path elsewhere;
  private final LogLines logs = new LogLines();
  private final ManualTicker ticker = new ManualTicker();
  private final TestClock clock = new TestClock(Instant.parse("2024-05-01T12:00:00Z"));

  @Test
  void storesABatchAndAcknowledgesIt() throws Exception {
    try (Store store = open(SETTINGS)) {
      assertThat(store(store, batch("cl/2023/10/11/h.csv", "a\n", "cl/2023/10/11/g.csv",
          "b\n"))).isEqualTo(Store.Outcome.STORED);
      assertThat(store(store, batch("cl/2023/10/11/h.csv", "c\n"))).isEqualTo(Store.Outcome.STORED);
    }
    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("a\nc\n");
    assertThat(read("cl/2023/10/11/g.csv")).isEqualTo("b\n");
  }

  @Test
  void leavesNoJournalAfterAnOrderlyClose() throws Exception {
    try (Store store = open(SETTINGS)) {
      store(store, batch("cl/2023/10/11/h.csv", "a\n"));
    }
    assertThat(segments()).isEmpty();
  }

  @Test
  void replaysJournalledAppendsThatNeverReachedTheirFiles() throws Exception {
    journal(List.of(entry("cl/2023/10/11/h.csv", 0, "one\n"), entry("cl/2023/10/11/h.csv", 4, "two\n")),
        List.of(entry("other/2023/10/12/g.csv", 0, "three\n")));

    open(SETTINGS).close();

    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("one\ntwo\n");
    assertThat(read("other/2023/10/12/g.csv")).isEqualTo("three\n");
    assertThat(segments()).isEmpty();
    assertThat(logs.lines()).contains("INFO replayed 2 journal records (3 appends to 2 files) from 1 segments");
  }

  @Test
  void replayNeitherDuplicatesWhatWasWrittenNorLeavesAWriteTorn() throws Exception {
    write("cl/2023/10/11/whole.csv", "one\ntwo\n");
    write("cl/2023/10/11/torn.csv", "one\ntw");
    journal(List.of(entry("cl/2023/10/11/whole.csv", 0, "one\n"), entry("cl/2023/10/11/whole.csv", 4, "two\n"),
        entry("cl/2023/10/11/torn.csv", 0, "one\n"), entry("cl/2023/10/11/torn.csv", 4, "two\n")));

    open(SETTINGS).close();

    assertThat(read("cl/2023/10/11/whole.csv")).isEqualTo("one\ntwo\n");
    assertThat(read("cl/2023/10/11/torn.csv")).isEqualTo("one\ntwo\n");
  }

  @Test
  void skipsAnIncompleteLastRecordWhichWasNeverAcknowledged() throws Exception {
    Path segment = journal(List.of(entry("cl/2023/10/11/h.csv", 0, "kept\n")),
        List.of(entry("cl/2023/10/11/h.csv", 5, "torn\n")));
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 3);
    }

    open(SETTINGS).close();

    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("kept\n");
    assertThat(logs.lines()).anySatisfy(line -> assertThat(line).matches(
        "INFO journal journal-0+1\\.log ends in \\d+ bytes that are no whole record \\(one cut short, or what the "
            + "file held before it was reused\\), never acknowledged; skipping them"));
  }

  @Test
  void appendsAtTheEndWhenAFileIsShorterThanTheJournalSays() throws Exception {
    write("cl/2023/10/11/h.csv", "x\n");
    journal(List.of(entry("cl/2023/10/11/h.csv", 10, "late\n")));

    open(SETTINGS).close();

    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("x\nlate\n");
    assertThat(logs.lines()).anySatisfy(line -> assertThat(line).startsWith("WARNING ").endsWith(
        "h.csv is shorter (2 bytes) than the journal expects (10); appending the journalled bytes at its end"));
  }

  @Test
  void checkpointsRetireJournalSegments() throws Exception {
    StoreSettings quick = StoreSettings.builder().maxOpenFiles(16).segmentBytes(4096)
        .checkpointInterval(Duration.ofMillis(50)).maxQueuedBytes(1 << 20).retryDelay(Duration.ofMillis(50)).build();
    try (Store store = open(quick)) {
      for (int i = 0; i < 50; i++) {
        store(store, batch("cl/2023/10/11/h" + (i % 5) + ".csv", "line " + i + "\n"));
      }
      ticker.advance(quick.checkpointInterval());
      store.awaitHousekeeping();
      store.awaitCheckpoints();
      assertThat(segments()).hasSize(1); // the one being written
    }
  }

  @Test
  void closesFilesUnusedForAWhileAndReopensThemWhenNeeded() throws Exception {
    StoreSettings closingSoon = StoreSettings.builder().maxOpenFiles(16).segmentBytes(1 << 20)
        .maxQueuedBytes(1 << 20).closeUnusedAfter(Duration.ofMillis(100)).build();
    try (Store store = open(closingSoon)) {
      store(store, batch("cl/2023/10/11/h.csv", "a\n"));
      assertThat(store.openFiles()).isEqualTo(1);
      ticker.advance(Duration.ofMillis(101));
      store.awaitHousekeeping();
      assertThat(store.openFiles()).isZero();
      Files.move(data.resolve("cl/2023/10/11/h.csv"), data.resolve("cl/2023/10/11/h.csv.archived"));
      store(store, batch("cl/2023/10/11/h.csv", "b\n"));
    }
    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("b\n");
    assertThat(read("cl/2023/10/11/h.csv.archived")).isEqualTo("a\n");
  }

  @Test
  void refusesASecondStoreOnTheSameDirectory() throws Exception {
    try (Store store = open(SETTINGS)) {
      assertThat(store.problem()).isNull();
      assertThatThrownBy(() -> open(SETTINGS))
          .isInstanceOf(IOException.class)
          .hasMessage("another infiltrate is already using data path " + data.toAbsolutePath());
    }
  }

  @Test
  void failsToOpenOnAMissingDataPath() {
    assertThatThrownBy(() -> Store.open(data.resolve("missing"), SETTINGS, logs.log()))
        .hasMessage("data path " + data.resolve("missing").toAbsolutePath() + " does not exist");
  }

  @Test
  void failsABatchWholeWhenAFileCannotBeCreatedLogsOnceAndRecovers() throws Exception {
    Files.writeString(data.resolve("blocked"), "a file where a directory should be");
    StoreSettings retryingOften = StoreSettings.builder().maxOpenFiles(16).segmentBytes(1 << 20)
        .maxQueuedBytes(1 << 20).retryDelay(Duration.ofMillis(20)).build();
    try (Store store = open(retryingOften)) {
      for (int i = 0; i < 3; i++) {
        Store.Outcome outcome = store(store, batch("fine/2023/10/11/h.csv", "x\n", "blocked/2023/10/11/h.csv", "y\n"));
        assertThat(outcome.stored()).isFalse();
        assertThat(outcome.problem()).isEqualTo("cannot store data now: blocked exists and is not a directory");
      }
      assertThat(store.problem()).startsWith("cannot store data now");
      assertThat(Files.size(data.resolve("fine/2023/10/11/h.csv"))).isZero(); // opened, never written
      assertThat(logs.lines()).containsOnlyOnce(
          "WARNING storage failing: blocked exists and is not a directory (answering 503 until it recovers)");

      Files.delete(data.resolve("blocked"));
      ticker.advance(retryingOften.retryDelay());
      store.awaitHousekeeping(); // the store probes by itself
      assertThat(store.problem()).isNull();
      assertThat(logs.lines()).anySatisfy(line -> assertThat(line).matches(
          "INFO storage recovered after \\d+ failed attempts: blocked exists and is not a directory"));
      assertThat(store(store, batch("fine/2023/10/11/h.csv", "x\n", "blocked/2023/10/11/h.csv", "y\n")))
          .isEqualTo(Store.Outcome.STORED);
    }
    assertThat(read("fine/2023/10/11/h.csv")).isEqualTo("x\n");
    assertThat(read("blocked/2023/10/11/h.csv")).isEqualTo("y\n");
  }

  /** Pins the bug where a symbolic link planted in the data directory was followed, and data written outside it. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"cl", "cl/2023/10/11", "cl/2023/10/11/h.csv"})
  void writesNothingThroughASymbolicLinkInTheDataDirectory(String link) throws Exception {
    boolean toFile = link.endsWith(".csv");
    Path target = toFile ? Files.writeString(elsewhere.resolve("h.csv"), "outside\n") : elsewhere;
    Files.createDirectories(data.resolve(link).getParent());
    Files.createSymbolicLink(data.resolve(link), target);
    try (Store store = open(SETTINGS)) {
      for (int i = 0; i < 2; i++) {
        assertThat(store(store, batch("cl/2023/10/11/h.csv", "x\n")))
            .isEqualTo(Store.Outcome.failed("cannot store data now: " + link
            + " is a symbolic link, which the store does not follow"));
      }
      assertThat(store.problem()).isEqualTo(
          "cannot store data now for cluster cl: " + link + " is a symbolic link, which the store does not follow");
    }
    try (Stream<Path> outside = Files.walk(elsewhere)) {
      assertThat(outside.filter(path -> !path.equals(elsewhere)))
          .containsExactlyInAnyOrder(toFile ? new Path[] {target} : new Path[0]);
    }
    if (toFile) {
      assertThat(target).hasContent("outside");
    }
    assertThat(logs.lines()).containsOnlyOnce("WARNING storage failing: " + link
        + " is a symbolic link, which the store does not follow (answering 503 until it recovers)");
    Files.delete(data.resolve(link)); // before the temporary directory goes, which warns of links out of it
  }

  @Test
  void refusesToOpenWhenItsOwnDirectoryIsASymbolicLink() throws Exception {
    Files.createSymbolicLink(data.resolve(".infiltrate"), elsewhere);
    assertThatThrownBy(() -> open(SETTINGS)).hasMessage("data path " + data.toAbsolutePath()
        + ": .infiltrate is a symbolic link, which the store does not follow");
    try (Stream<Path> outside = Files.list(elsewhere)) {
      assertThat(outside).isEmpty();
    }
  }

  @Test
  void answersBusyWhenTheQueueIsFull() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch writerHeld = new CountDownLatch(1);
    StoreSettings smallQueue =
        StoreSettings.builder().maxOpenFiles(16).segmentBytes(1 << 20).maxQueuedBytes(1000).build();
    try (Store store = open(smallQueue)) {
      store.submit(batch("cl/2023/10/11/h.csv", "first\n"), outcome -> {
        writerHeld.countDown();
        await(release); // holds the writer, so the queue stays full
      });
      assertThat(writerHeld.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(store.submit(batch("cl/2023/10/11/h.csv", "x".repeat(900) + "\n"), outcome -> { }))
          .isEqualTo(Store.Admission.BUSY);
      release.countDown();
    }
  }

  /** Pins the bug where one batch that made the writer throw failed every other batch of its group. */
  @Test
  void answersABatchThatFailsUnexpectedlyAloneAndStoresTheRestOfItsGroup() throws Exception {
    try (Store store = open(SETTINGS)) {
      CountDownLatch release = HeldWriter.hold(store); // so that the next three make one group
      CompletableFuture<Store.Outcome> before = submit(store, batch("cl/2023/10/11/a.csv", "a\n"));
      CompletableFuture<Store.Outcome> bad = submit(store, batch("cl/2023/10/11/\ud800.csv", "bad\n"));
      CompletableFuture<Store.Outcome> after = submit(store, batch("cl/2023/10/11/b.csv", "b\n"));
      release.countDown();
      assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
      assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
      assertThat(bad.get(10, TimeUnit.SECONDS)).isEqualTo(new Store.Outcome(false, "internal error in the store"));
    }
    assertThat(read("cl/2023/10/11/a.csv")).isEqualTo("a\n");
    assertThat(read("cl/2023/10/11/b.csv")).isEqualTo("b\n");
  }

  @Test
  void storesWhatWasQueuedWhenClosedAndRefusesWhatComesAfter() throws Exception {
    List<CompletableFuture<Store.Outcome>> outcomes = new ArrayList<>();
    Store store = open(SETTINGS);
    for (int i = 0; i < 200; i++) {
      CompletableFuture<Store.Outcome> outcome = new CompletableFuture<>();
      assertThat(store.submit(batch("cl/2023/10/11/h.csv", i + "\n"), outcome::complete))
          .isEqualTo(Store.Admission.ACCEPTED);
      outcomes.add(outcome);
    }
    store.close();
    for (CompletableFuture<Store.Outcome> outcome : outcomes) {
      assertThat(outcome.getNow(null)).isEqualTo(Store.Outcome.STORED);
    }
    assertThat(store.submit(batch("cl/2023/10/11/h.csv", "late\n"), outcome -> { }))
        .isEqualTo(Store.Admission.CLOSED);
    assertThat(read("cl/2023/10/11/h.csv").lines()).hasSize(200);
  }

  @Test
  void storesABatchOnceHoweverOftenItIsSent() throws Exception {
    try (Store store = open(SETTINGS)) {
      for (int i = 0; i < 3; i++) {
        assertThat(store(store, keyed("k1", "cl/2023/10/11/h.csv", "once\n"))).isEqualTo(Store.Outcome.STORED);
      }
      assertThat(store(store, keyed("k2", "cl/2023/10/11/h.csv", "other\n"))).isEqualTo(Store.Outcome.STORED);
    }
    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("once\nother\n");
  }

  @Test
  void storesDuplicatesThatArriveTogetherOnceAndAnswersEach() throws Exception {
    try (Store store = open(SETTINGS)) {
      CountDownLatch release = HeldWriter.hold(store); // so that the duplicates make one group
      List<CompletableFuture<Store.Outcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        outcomes.add(submit(store, keyed("k1", "cl/2023/10/11/h.csv", "once\n")));
      }
      release.countDown();
      for (CompletableFuture<Store.Outcome> outcome : outcomes) {
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
      }
    }
    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("once\n");
  }

  @Test
  void remembersStoredKeysAcrossACheckpointAndARestart() throws Exception {
    StoreSettings checkpointing = StoreSettings.builder().checkpointInterval(Duration.ofSeconds(1)).build();
    try (Store store = open(checkpointing)) {
      store(store, keyed("k1", "cl/2023/10/11/h.csv", "once\n"));
      ticker.advance(checkpointing.checkpointInterval());
      store.awaitHousekeeping();
      store.awaitCheckpoints();
      assertThat(segments()).hasSize(1); // the segment holding k1 is gone: only the ledger file has it
      assertThat(store(store, keyed("k1", "cl/2023/10/11/h.csv", "once\n"))).isEqualTo(Store.Outcome.STORED);
    }
    try (Store store = open(checkpointing)) {
      assertThat(store(store, keyed("k1", "cl/2023/10/11/h.csv", "once\n"))).isEqualTo(Store.Outcome.STORED);
    }
    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("once\n");
  }

  @Test
  void remembersKeysThatACrashLeftInTheJournalOnly() throws Exception {
    IdempotencyKey key = IdempotencyKey.of("", List.of("k1"));
    journal(new JournalRecord.Contents(List.of(entry("cl/2023/10/11/h.csv", 0, "once\n")),
        new Mark.Group(clock.millis(), List.of(key.mark()))));
    for (int start = 0; start < 2; start++) { // replayed from the journal, then read from the ledger file
      try (Store store = open(SETTINGS)) {
        assertThat(store(store, keyed("k1", "cl/2023/10/11/h.csv", "once\n"))).isEqualTo(Store.Outcome.STORED);
      }
    }
    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("once\n");
  }

  @Test
  void storesABatchAgainOnceItsKeyIsOlderThanTheWindow() throws Exception {
    try (Store store = open(SETTINGS)) {
      store(store, keyed("k1", "cl/2023/10/11/h.csv", "a\n"));
      clock.advance(Duration.ofHours(24));
      store(store, keyed("k1", "cl/2023/10/11/h.csv", "a\n"));
      clock.advance(Duration.ofHours(1));
      store.awaitHousekeeping();
      store(store, keyed("k1", "cl/2023/10/11/h.csv", "a\n"));
    }
    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("a\na\n");
  }

  @Test
  void aKeyIsTheSendersOwn() throws Exception {
    try (Store store = open(SETTINGS)) {
      store(store, batch("cl/2023/10/11/h.csv", "alice\n").withIdempotencyKey(IdempotencyKey.of("alice",
          List.of("k1"))));
      store(store, batch("cl/2023/10/11/h.csv", "bob\n").withIdempotencyKey(IdempotencyKey.of("bob", List.of("k1"))));
    }
    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("alice\nbob\n");
  }

  @Test
  void storesOnlyThePartsOfABatchWhoseKeysAreNew() throws Exception {
    try (Store store = open(SETTINGS)) {
      store(store, keyed("k1", "cl/2023/10/11/h.csv", "one\n"));
      Batch parts = Batch.concat(List.of(keyed("k1", "cl/2023/10/11/h.csv", "one\n"),
          keyed("k2", "cl/2023/10/11/h.csv", "two\n"), batch("cl/2023/10/11/h.csv", "unkeyed\n"),
          keyed("k2", "cl/2023/10/11/h.csv", "two\n"), keyed("k3", "cl/2023/10/11/g.csv", "three\n")));
      assertThat(store(store, parts)).isEqualTo(Store.Outcome.STORED);
      assertThat(store(store, keyed("k3", "cl/2023/10/11/g.csv", "three\n"))).isEqualTo(Store.Outcome.STORED);
    }
    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("one\ntwo\nunkeyed\n");
    assertThat(read("cl/2023/10/11/g.csv")).isEqualTo("three\n");
  }

  @Test
  void answersABatchWhosePartsAllRideOnAnEarlierBatchOfItsGroupWithThatBatch() throws Exception {
    try (Store store = open(SETTINGS)) {
      CountDownLatch release = HeldWriter.hold(store);
      CompletableFuture<Store.Outcome> first = submit(store, Batch.concat(List.of(
          keyed("k1", "cl/2023/10/11/h.csv", "one\n"), keyed("k2", "cl/2023/10/11/h.csv", "two\n"))));
      CompletableFuture<Store.Outcome> second = submit(store, keyed("k2", "cl/2023/10/11/h.csv", "two\n"));
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
      assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
    }
    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("one\ntwo\n");
  }

  @Test
  void keepsStreamOffsetsWithTheDataAcrossCheckpointsAndRestarts() throws Exception {
    StoreSettings checkpointing = StoreSettings.builder().checkpointInterval(Duration.ofSeconds(1)).build();
    try (Store store = open(checkpointing)) {
      assertThat(store.streamOffset("cl.sample", 0)).isEmpty();
      store(store, batch("cl/2023/10/11/h.csv", "a\n").withStreamOffset("cl.sample", 0, 5));
      store(store, batch("cl/2023/10/11/h.csv", "b\n").withStreamOffset("cl.sample", 0, 6)
          .withStreamOffset("cl.job", 2, 1));
      ticker.advance(checkpointing.checkpointInterval());
      store.awaitHousekeeping();
      store.awaitCheckpoints();
      // Every part a duplicate: the offset is stored all the same.
      store(store, Batch.concat(List.of(keyed("k", "cl/2023/10/11/h.csv", "c\n"))).withStreamOffset("cl.sample", 0, 7));
      store(store, Batch.concat(List.of(keyed("k", "cl/2023/10/11/h.csv", "c\n"))).withStreamOffset("cl.sample", 0, 8));
      assertThat(store.streamOffset("cl.sample", 0)).hasValue(8);
    }
    try (Store store = open(checkpointing)) {
      assertThat(store.streamOffset("cl.sample", 0)).hasValue(8);
      assertThat(store.streamOffset("cl.job", 2)).hasValue(1);
    }
    assertThat(read("cl/2023/10/11/h.csv")).isEqualTo("a\nb\nc\n");
  }

  @Test
  void remembersStreamOffsetsThatACrashLeftInTheJournalOnly() throws Exception {
    journal(new JournalRecord.Contents(List.of(entry("cl/2023/10/11/h.csv", 0, "a\n")),
        new Mark.Group(clock.millis(), List.of(StreamOffsets.mark("cl.sample", 3, 42)))));
    for (int start = 0; start < 2; start++) { // replayed from the journal, then read from the ledger file
      try (Store store = open(SETTINGS)) {
        assertThat(store.streamOffset("cl.sample", 3)).hasValue(42);
      }
    }
  }

  private static Batch keyed(String key, String path, String line) {
    return batch(path, line).withIdempotencyKey(IdempotencyKey.of("", List.of(key)));
  }

  private Store open(StoreSettings settings) throws IOException {
    return Store.open(data, settings, logs.log(), Store.Observer.NONE, ticker, clock);
  }

  private static CompletableFuture<Store.Outcome> submit(Store store, Batch batch) {
    CompletableFuture<Store.Outcome> outcome = new CompletableFuture<>();
    assertThat(store.submit(batch, outcome::complete)).isEqualTo(Store.Admission.ACCEPTED);
    return outcome;
  }

  private static Store.Outcome store(Store store, Batch batch) throws Exception {
    CompletableFuture<Store.Outcome> outcome = new CompletableFuture<>();
    assertThat(store.submit(batch, outcome::complete)).isEqualTo(Store.Admission.ACCEPTED);
    return outcome.get(10, TimeUnit.SECONDS);
  }

  private static Batch batch(String... pathsAndLines) {
    Batch.Builder batch = new Batch.Builder();
    for (int i = 0; i < pathsAndLines.length; i += 2) {
      batch.add(pathsAndLines[i], pathsAndLines[i + 1]);
    }
    return batch.build();
  }

  private static JournalRecord.Entry entry(String path, long offset, String text) {
    return new JournalRecord.Entry(path, offset, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes a journal segment as a crashed server would have left it: one record per list. */
  @SafeVarargs
  private Path journal(List<JournalRecord.Entry>... records) throws IOException {
    return journal(Stream.of(records).map(entries -> new JournalRecord.Contents(entries, null))
        .toArray(JournalRecord.Contents[]::new));
  }

  private Path journal(JournalRecord.Contents... records) throws IOException {
    try (Journal journal = new Journal(data.resolve(".infiltrate/journal"),
        new SpareSegments(data.resolve(".infiltrate/spare"), 0))) {
      journal.startSegment();
      JournalRecord record = new JournalRecord();
      for (JournalRecord.Contents contents : records) {
        record.reset();
        contents.entries().forEach(record::add);
        if (contents.marks() != null) {
          record.add(contents.marks());
        }
        journal.append(record);
      }
      return journal.current();
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(data.resolve(".infiltrate/journal"))) {
      return files.toList();
    }
  }

  private String read(String path) throws IOException {
    return Files.readString(data.resolve(path));
  }

  private void write(String path, String text) throws IOException {
    Files.createDirectories(data.resolve(path).getParent());
    Files.writeString(data.resolve(path), text);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
