package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import sonar.files.LockFile;

/**
 * The data directory, locked for one store: checked when opened (it exists, it is writable, the server's
 * own {@code .infiltrate} directory in it is no symbolic link, file names will be UTF-8), and held with
 * a lock that keeps a second server off it until closed. Thread-safe.
 */
final class DataDirectory implements AutoCloseable {

  private static final String LOCK = "lock";
  private static final String JOURNAL = "journal";
  private static final String SPARES = "spare";

  /** The data directory, absolute. */
  final Path root;
  /** The server's own directory: the lock, the ledgers' files. */
  final Path own;
  /** Where the journal lives. */
  final Path journal;
  /** Where retired journal segments wait to be written over. */
  final Path spares;
  private final LockFile lock;

  private DataDirectory(Path root, LockFile lock) {
    this.root = root;
    this.own = root.resolve(Layout.PRIVATE_DIRECTORY);
    this.journal = own.resolve(JOURNAL);
    this.spares = own.resolve(SPARES);
    this.lock = lock;
  }

  /** @throws IOException with one line saying what is wrong with the data directory */
  static DataDirectory lock(Path dataDirectory) throws IOException {
    requireUtf8FileNames();
    Path root = dataDirectory.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new IOException(Files.exists(root)
          ? "data path " + root + " is not a directory"
          : "data path " + root + " does not exist");
    }
    Path own = root.resolve(Layout.PRIVATE_DIRECTORY);
    for (Path mine : List.of(own, own.resolve(LOCK), own.resolve(JOURNAL), own.resolve(SPARES))) {
      if (Files.isSymbolicLink(mine)) {
        throw new IOException("data path " + root + ": " + root.relativize(mine)
            + " is a symbolic link, which the store does not follow");
      }
    }
    LockFile lock;
    try {
      Files.createDirectories(own);
      lock = LockFile.tryAcquire(own.resolve(LOCK));
    } catch (IOException e) {
      throw new IOException("data path " + root + " is not writable: " + StoreHealth.reasonOf(e), e);
    }
    if (lock == null) {
      throw new IOException("another infiltrate is already using data path " + root);
    }
    return new DataDirectory(root, lock);
  }

  /**
   * File names must not depend on the locale the server happens to start in. Java encodes them as the
   * locale says (the property sun.jnu.encoding, which cannot be set on the command line), and only a
   * UTF-8 locale can name every host: in the C locale a host outside ASCII could never be stored.
   */
  private static void requireUtf8FileNames() throws IOException {
    String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
    if (!Charset.isSupported(encoding) || !Charset.forName(encoding).equals(StandardCharsets.UTF_8)) {
      throw new IOException("file names would be encoded in " + encoding + ", not UTF-8: start infiltrate in a "
          + "UTF-8 locale (LC_ALL=C.UTF-8), as bin/infiltrate does");
    }
  }

  /** Releases the lock. */
  @Override
  public void close() throws IOException {
    lock.close();
  }
}
