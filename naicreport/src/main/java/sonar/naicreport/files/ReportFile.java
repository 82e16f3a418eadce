package sonar.naicreport.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import sonar.files.Durable;

/**
 * Replaces a report or state file whole: the new content goes to a temporary file in the same directory
 * (hidden, {@code .<name>.tmp-<random>}), is forced to disk, and is renamed over the target; then the
 * directory is forced. A reader sees the old file or the new one, never a part; a crash leaves the old
 * file and at worst a temporary one, which is never read. Stateless.
 */
public final class ReportFile {

  /** What the dashboard serves: readable by the web server's user. */
  public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
  /** Bookkeeping only naicreport reads. */
  public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

  private ReportFile() {}

  /**
   * @throws IOException naming the file, after removing the temporary file; the target is untouched
   */
  public static void replace(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Path temp = createTemp(directory, target.getFileName().toString(), permissions);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        Durable.writeFully(channel, ByteBuffer.wrap(content));
        channel.force(/* metaData= */ true);
      }
      // The mode is set again: the one given at creation was narrowed by the umask.
      Files.setPosixFilePermissions(temp, permissions);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw new IOException("cannot write " + target + ": " + reason(e), e);
    }
    try {
      Durable.forceDirectory(directory);
    } catch (IOException e) {
      throw new IOException("cannot force directory " + directory + " after writing " + target + ": " + reason(e), e);
    }
  }

  private static Path createTemp(Path directory, String name, Set<PosixFilePermission> permissions) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path temp = directory.resolve("." + name + ".tmp-" + Long.toHexString(
          ThreadLocalRandom.current().nextLong() >>> 16));
      try {
        return Files.createFile(temp, PosixFilePermissions.asFileAttribute(permissions));
      } catch (FileAlreadyExistsException e) {
        if (attempt == 10) {
          throw e;
        }
      } catch (IOException e) {
        throw new IOException("cannot write " + directory.resolve(name) + ": " + reason(e), e);
      }
    }
  }

  /** The system's words for an I/O failure, without Java's exception class names. */
  public static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory: " + e.getMessage();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason() + (f.getFile() != null ? ": " + f.getFile() : "");
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
