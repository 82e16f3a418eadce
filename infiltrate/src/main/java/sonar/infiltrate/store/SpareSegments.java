package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Retired journal segments kept for the journal to write over (see {@link Journal}): a file whose blocks
 * are already allocated and written takes a record without growing, so forcing it writes the record's
 * data alone and not the file system's metadata too. At most a few are kept, the rest deleted; a spare
 * holds only what checkpoints already forced into the data files, so it may go at any time. Thread-safe:
 * the checkpoint thread gives, the writer takes.
 */
final class SpareSegments {

  private static final String PREFIX = "spare-";

  private final Path directory;
  private final int kept;
  private final Deque<Path> spares = new ArrayDeque<>();

  /** Takes over the spares an earlier run left in the directory, creating it if needed. */
  SpareSegments(Path directory, int kept) throws IOException {
    this.directory = directory;
    this.kept = kept;
    Files.createDirectories(directory);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*")) {
      for (Path file : files) {
        give(file);
      }
    }
  }

  /**
   * Keeps a segment whose contents are all where they belong, or deletes it when enough are kept or it
   * cannot be written over (see {@link Journal#reusable}).
   */
  void give(Path segment) throws IOException {
    synchronized (spares) {
      if (spares.size() < kept && Journal.reusable(segment)) {
        Path spare = segment.startsWith(directory)
            ? segment
            : Files.move(segment, directory.resolve(PREFIX + segment.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        spares.add(spare);
        return;
      }
    }
    Files.deleteIfExists(segment);
  }

  /** A spare to write over, or null when there is none. */
  Path take() {
    synchronized (spares) {
      return spares.poll();
    }
  }
}
