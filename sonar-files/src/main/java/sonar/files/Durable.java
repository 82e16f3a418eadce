package sonar.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The few steps that make a write durable on Linux: writing a buffer whole, forcing a file's data, and
 * forcing a directory so that the entries created, renamed or deleted in it survive a crash. Stateless.
 */
public final class Durable {

  /** The most of a heap buffer written at once: the size bin/infiltrate lets the JDK cache. */
  private static final int SLICE_BYTES = 256 << 10;

  private Durable() {}

  /** Writes the whole buffer at the channel's position; a channel may take less than asked at once. */
  public static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * Writes the whole buffer at an absolute position, leaving the channel's position alone. A large heap
   * buffer goes in slices: the JDK copies a heap buffer to a temporary native one of its whole size for
   * each write, and one larger than its cache (jdk.nio.maxCachedBufferSize) is allocated afresh.
   */
  public static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      ByteBuffer slice = buffer.isDirect() || buffer.remaining() <= SLICE_BYTES
          ? buffer
          : buffer.slice(buffer.position(), SLICE_BYTES);
      int written = channel.write(slice, at);
      if (slice != buffer) {
        buffer.position(buffer.position() + written);
      }
      at += written;
    }
  }

  /** Forces a file's data; on Linux this covers writes made through any descriptor of the file. */
  public static void forceFile(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(/* metaData= */ false);
    }
  }

  /** Forces a directory; Linux allows forcing a directory opened to read. */
  public static void forceDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(/* metaData= */ true);
    }
  }
}
