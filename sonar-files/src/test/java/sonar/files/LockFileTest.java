package sonar.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {

  @TempDir Path dir;

  @Test
  void secondHolderIsRefusedUntilTheFirstReleases() throws IOException {
    Path file = dir.resolve("lock");
    try (LockFile first = LockFile.tryAcquire(file)) {
      assertThat(first).isNotNull();
      assertThat(LockFile.tryAcquire(file)).isNull();
    }
    try (LockFile again = LockFile.tryAcquire(file)) {
      assertThat(again).isNotNull();
    }
  }

  @Test
  void holderWritesItsProcessId() throws IOException {
    Path file = dir.resolve("lock");
    Files.writeString(file, "an older and longer content\n");
    try (LockFile lock = LockFile.tryAcquire(file)) {
      assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(ProcessHandle.current().pid() + "\n");
    }
  }

  @Test
  void holderWritesTheProcessIdItIsGiven() throws IOException {
    Path file = dir.resolve("lock");
    try (LockFile lock = LockFile.tryAcquire(file, 4242)) {
      assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo("4242\n");
    }
  }

  @Test
  void namesTheFileWhenItCannotBeCreated() {
    Path file = dir.resolve("missing").resolve("lock");
    assertThatThrownBy(() -> LockFile.tryAcquire(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot create lock file " + file + ": ");
  }
}
