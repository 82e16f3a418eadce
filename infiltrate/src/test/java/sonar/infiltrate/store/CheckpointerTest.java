package sonar.infiltrate.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.testing.LogLines;

class CheckpointerTest {

  @TempDir
  Path dir;
  private final LogLines logs = new LogLines();

  @Test
  void retiresTheSegmentsHandedOverWithinItsPaceInOneLaterRound() throws Exception {
    try (Ledgers ledgers = Ledgers.open(dir, List.of());
        Checkpointer checkpointer = new Checkpointer(Duration.ofSeconds(1), Duration.ofHours(1), ledgers,
            new SpareSegments(dir.resolve("spare"), 2), Clock.systemUTC(), logs.log())) {
      checkpointer.start();
      Path first = segment(1);
      checkpointer.submit(task(first));
      checkpointer.awaitRetired();
      assertThat(first).as("the first round starts at once").doesNotExist();

      Path second = segment(2);
      Path third = segment(3);
      checkpointer.submit(task(second));
      checkpointer.submit(task(third));
      Thread.sleep(200); // an hour's pace is not over: both wait for the next round
      assertThat(second).exists();
      assertThat(third).exists();

      checkpointer.awaitRetired(); // a barrier starts the round at once
      assertThat(second).doesNotExist();
      assertThat(third).doesNotExist();
    }
  }

  @Test
  void retiresTheSegmentsWaitingForTheirRoundWhenStopped() throws Exception {
    Path second = segment(2);
    try (Ledgers ledgers = Ledgers.open(dir, List.of());
        Checkpointer checkpointer = new Checkpointer(Duration.ofSeconds(1), Duration.ofHours(1), ledgers,
            new SpareSegments(dir.resolve("spare"), 2), Clock.systemUTC(), logs.log())) {
      checkpointer.start();
      checkpointer.submit(task(segment(1)));
      checkpointer.awaitRetired();
      checkpointer.submit(task(second));
    }
    assertThat(second).doesNotExist();
  }

  private Path segment(int sequence) throws Exception {
    return Files.writeString(dir.resolve("journal-" + sequence + ".log"), "segment " + sequence);
  }

  private Checkpointer.Task task(Path segment) throws Exception {
    Path data = Files.writeString(dir.resolve("data-" + segment.getFileName()), "line\n");
    return new Checkpointer.Task(segment, Set.of(data), Set.of(dir), List.of());
  }
}
