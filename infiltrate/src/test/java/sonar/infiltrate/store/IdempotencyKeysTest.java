package sonar.infiltrate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.testing.LogLines;

class IdempotencyKeysTest {

  private static final long NOW = Instant.parse("2024-05-01T12:30:00Z").toEpochMilli();
  private static final long HOUR = Duration.ofHours(1).toMillis();

  @TempDir
  Path directory;
  private final LogLines logs = new LogLines();

  @Test
  void remembersKeysForTheWindowAndForgetsThemAfter() {
    IdempotencyKeys keys = new IdempotencyKeys(Duration.ofHours(24), 1000, logs.log());
    keys.apply(NOW, key(1).mark());
    keys.expire(NOW + 24 * HOUR);
    assertThat(keys.contains(key(1))).isTrue();
    assertThat(keys.contains(key(2))).isFalse();
    keys.expire(NOW + 25 * HOUR);
    assertThat(keys.contains(key(1))).isFalse();
    assertThat(keys.size()).isZero();
  }

  @Test
  void findsEveryKeyOfAnHourWhetherMergedOrNot() {
    IdempotencyKeys keys = new IdempotencyKeys(Duration.ofHours(24), 1_000_000, logs.log());
    for (int i = 0; i < 5000; i++) {
      keys.apply(NOW + i, key(i).mark());
    }
    for (int i = 0; i < 5000; i++) {
      assertThat(keys.contains(key(i))).as("key %d", i).isTrue();
    }
    assertThat(keys.contains(key(5000))).isFalse();
    assertThat(keys.size()).isEqualTo(5000);
  }

  @Test
  void forgetsTheOldestHourEarlyPastTheLimitSayingSo() {
    IdempotencyKeys keys = new IdempotencyKeys(Duration.ofHours(24), 3, logs.log());
    keys.apply(NOW - 2 * HOUR, key(1).mark());
    keys.apply(NOW - HOUR, key(2).mark());
    keys.apply(NOW, key(3).mark());
    keys.apply(NOW, key(4).mark());
    assertThat(keys.contains(key(1))).isFalse();
    assertThat(keys.contains(key(2))).isTrue();
    assertThat(keys.size()).isEqualTo(3);
    assertThat(logs.lines()).containsExactly("WARNING idempotency keys: over the limit of 3 kept, forgetting the 1 "
        + "stored in the hour from 2024-05-01T10:00:00Z; a batch resent from then would be stored again");
  }

  @Test
  void aRewrittenFileKeepsOnlyTheKeysOfTheWindow() throws IOException {
    IdempotencyKeys keys = new IdempotencyKeys(Duration.ofHours(24), 10_000_000, logs.log());
    Path path = directory.resolve(keys.fileName());
    List<Mark.Group> groups = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) { // old enough to go, and over a MiB
      groups.add(new Mark.Group(NOW - 30 * HOUR, List.of(key(i).mark())));
    }
    groups.add(new Mark.Group(NOW - HOUR, List.of(key(-1).mark())));
    try (LedgerFile file = LedgerFile.open(path, group -> { })) {
      file.append(groups);
      assertThat(file.grown()).isTrue();
      file.rewrite(keys, NOW);
      assertThat(file.grown()).isFalse();
    }
    assertThat(Files.size(path)).isLessThan(100);
    IdempotencyKeys loaded = new IdempotencyKeys(Duration.ofHours(24), 10_000_000, logs.log());
    LedgerFile.open(path, group -> group.marks().forEach(mark -> loaded.apply(group.time(), mark))).close();
    assertThat(loaded.contains(key(-1))).isTrue();
    assertThat(loaded.size()).isEqualTo(1);
  }

  @Test
  void aFileCutShortByACrashLosesOnlyItsIncompleteLastRecord() throws IOException {
    Path path = directory.resolve("keys");
    try (LedgerFile file = LedgerFile.open(path, group -> { })) {
      file.append(List.of(new Mark.Group(NOW, List.of(key(1).mark()))));
      file.append(List.of(new Mark.Group(NOW, List.of(key(2).mark()))));
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 3);
    }
    List<Mark.Group> read = new ArrayList<>();
    try (LedgerFile file = LedgerFile.open(path, read::add)) {
      file.append(List.of(new Mark.Group(NOW, List.of(key(3).mark()))));
    }
    List<Mark.Group> again = new ArrayList<>();
    LedgerFile.open(path, again::add).close();
    assertThat(read).hasSize(1);
    assertThat(again).extracting(group -> ByteBuffer.wrap(group.marks().get(0).value()).getLong())
        .containsExactly(key(1).hash, key(3).hash);
  }

  private static IdempotencyKey key(int i) {
    return IdempotencyKey.of("u", List.of("key-" + i));
  }
}
