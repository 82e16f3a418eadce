package sonar.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a file, held until {@link #close} or the end of the process: the system releases
 * it even after {@code kill -9}, so a stale lock never needs cleaning up. The holder's process id is
 * written into the file for the operator who wonders who holds it. Not thread-safe.
 */
public final class LockFile implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private LockFile(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on a file, creating it if needed.
   *
   * @return null when another process, or another holder in this one, has it
   * @throws IOException naming the file when it cannot be created or locked
   */
  public static LockFile tryAcquire(Path file) throws IOException {
    return tryAcquire(file, ProcessHandle.current().pid());
  }

  /**
   * As {@link #tryAcquire(Path)}, with the holder's process id given: {@link ProcessHandle} starts a
   * thread pool when first used, which a short-lived process that knows its id need not pay for.
   */
  public static LockFile tryAcquire(Path file, long pid) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new IOException("cannot create lock file " + file + ": " + e.getMessage(), e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another holder in this same process, as in tests
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      channel.close();
      return null;
    }
    byte[] holder = (pid + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      channel.truncate(0);
      Durable.writeFully(channel, ByteBuffer.wrap(holder), 0);
    } catch (IOException e) {
      // The pid is a courtesy to the operator; the lock itself is held.
    }
    return new LockFile(channel, lock);
  }

  /** Releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
