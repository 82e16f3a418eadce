package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Forces files and directories to disk by path, for data written through channels opened elsewhere. */
final class Durability {

  private Durability() {}

  /** Forces a file's data; on Linux this covers writes made through any descriptor of the file. */
  static void forceFile(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(/* metaData= */ false);
    }
  }

  /** Forces a directory, making the entries created in it durable. */
  static void forceDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(/* metaData= */ true);
    }
  }
}
