package sonar.exfiltrate.spool;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import sonar.files.Durable;

/**
 * How many batches of an input are done (delivered, or set aside), kept beside it in
 * {@code <input>.done} as one byte per batch. Batches are done in order, so a count is all a run needs
 * to resume an input where an earlier one stopped. Not forced to disk: a killed process leaves what it
 * wrote to the kernel, which is all that matters for a kill; after a power loss the count may fall back,
 * and the batches after it are sent again, under the same idempotency keys, which a server that honours
 * them stores once. Bytes that are not marks (a file cut short by a crash) end the count. Not
 * thread-safe.
 */
final class Progress implements AutoCloseable {

  static final String SUFFIX = ".done";
  private static final byte MARK = '+';

  private final Path file;
  private final int done;
  private FileChannel channel;

  private Progress(Path file, int done) {
    this.file = file;
    this.done = done;
  }

  /** The progress of an input: what earlier runs did. */
  static Progress of(Path input) throws IOException {
    Path file = input.resolveSibling(input.getFileName() + SUFFIX);
    int done = 0;
    if (!Files.exists(file)) {
      return new Progress(file, 0); // nothing done yet; cheaper to ask than to catch, in a cold JVM
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      for (int b = in.read(); b == MARK; b = in.read()) {
        done++;
      }
    } catch (NoSuchFileException e) {
      // Gone since: nothing done.
    }
    return new Progress(file, done);
  }

  /** How many batches, from the first, are done. */
  int done() {
    return done;
  }

  /** Counts the next batch as done. */
  void mark() throws IOException {
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    }
    Durable.writeFully(channel, ByteBuffer.wrap(new byte[] {MARK}));
  }

  Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
