package sonar.infiltrate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamOffsetsTest {

  private static final long NOW = 1_714_560_000_000L;

  @TempDir
  Path directory;

  @Test
  void keepsTheLastOffsetOfEachPartitionEvenWhenItGoesBack() {
    StreamOffsets offsets = new StreamOffsets();
    offsets.apply(NOW, StreamOffsets.mark("fox.educloud.no.sample", 0, 10));
    offsets.apply(NOW, StreamOffsets.mark("fox.educloud.no.sample", 1, 7));
    offsets.apply(NOW, StreamOffsets.mark("fox.educloud.no.sample", 0, 12));
    assertThat(offsets.next("fox.educloud.no.sample", 0)).isEqualTo(OptionalLong.of(12));
    assertThat(offsets.next("fox.educloud.no.sample", 1)).isEqualTo(OptionalLong.of(7));
    assertThat(offsets.next("fox.educloud.no.sample", 2)).isEmpty();
    assertThat(offsets.next("fox.educloud.no.job", 0)).isEmpty();
    // A topic deleted and made again starts low: its new offsets are the ones to believe.
    offsets.apply(NOW, StreamOffsets.mark("fox.educloud.no.sample", 0, 3));
    assertThat(offsets.next("fox.educloud.no.sample", 0)).isEqualTo(OptionalLong.of(3));
  }

  @Test
  void aRewrittenFileKeepsOnlyTheLastOffsetOfEachPartition() throws IOException {
    StreamOffsets offsets = new StreamOffsets();
    Path path = directory.resolve(offsets.fileName());
    List<Mark.Group> groups = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) { // over a MiB
      groups.add(new Mark.Group(NOW,
          List.of(StreamOffsets.mark("c.sample", i % 3, i), StreamOffsets.mark("d.job", 0, i))));
    }
    try (LedgerFile file = LedgerFile.open(path, group -> { })) {
      file.append(groups);
      assertThat(file.grown()).isTrue();
      file.rewrite(offsets, NOW);
    }
    assertThat(Files.size(path)).isLessThan(200);
    StreamOffsets loaded = new StreamOffsets();
    LedgerFile.open(path, group -> group.marks().forEach(mark -> loaded.apply(group.time(), mark))).close();
    assertThat(loaded.next("c.sample", 0)).isEqualTo(OptionalLong.of(99_999));
    assertThat(loaded.next("c.sample", 1)).isEqualTo(OptionalLong.of(99_997));
    assertThat(loaded.next("c.sample", 2)).isEqualTo(OptionalLong.of(99_998));
    assertThat(loaded.next("d.job", 0)).isEqualTo(OptionalLong.of(99_999));
  }
}
