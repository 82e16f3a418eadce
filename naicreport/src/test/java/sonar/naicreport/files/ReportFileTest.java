package sonar.naicreport.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {

  @TempDir
  Path dir;

  @Test
  void replacesTheFileWholeAndLeavesNoTemporaryFile() throws IOException {
    Path target = Files.writeString(dir.resolve("r.json"), "old");
    ReportFile.replace(target, "new".getBytes(StandardCharsets.UTF_8), ReportFile.PUBLIC);
    assertThat(target).hasContent("new");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aFailedRenameKeepsTheOldFileAndRemovesTheTemporaryOne() throws IOException {
    Path target = Files.createDirectory(dir.resolve("r.json"));
    Files.writeString(target.resolve("inside"), "x");
    assertThatThrownBy(() -> ReportFile.replace(target, new byte[] {1}, ReportFile.PUBLIC))
        .isInstanceOf(IOException.class).hasMessageStartingWith("cannot write " + target + ": ");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path target = dir.resolve("none/r.json");
    assertThatThrownBy(() -> ReportFile.replace(target, new byte[] {1}, ReportFile.PUBLIC))
        .hasMessageStartingWith("cannot write " + target + ": no such file or directory");
  }
}
