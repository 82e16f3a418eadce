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

  /**
   * Bytes written in one call at most. A heap buffer goes to the kernel through a temporary direct buffer
   * of the size written at once, which the JDK keeps for the thread only up to
   * {@code jdk.nio.maxCachedBufferSize}: a 30 MB record written whole takes 30 MB of native memory more
   * for the write, in pieces it takes one piece's.
   */
  static final int MAX_WRITE = 256 * 1024;

  private Durable() {}

  /** Writes the whole buffer at the channel's position; a channel may take less than asked at once. */
  public static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      ByteBuffer piece = piece(buffer);
      int written = channel.write(piece);
      if (piece != buffer) {
        buffer.position(buffer.position() + written);
      }
    }
  }

  /** Writes the whole buffer at an absolute position, leaving the channel's position alone. */
  public static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      ByteBuffer piece = piece(buffer);
      int written = channel.write(piece, at);
      if (piece != buffer) {
        buffer.position(buffer.position() + written);
      }
      at += written;
    }
  }

  /** The next bytes to write in one call: the buffer itself when direct or small, else its next piece. */
  private static ByteBuffer piece(ByteBuffer buffer) {
    return buffer.isDirect() || buffer.remaining() <= MAX_WRITE
        ? buffer
        : buffer.slice(buffer.position(), MAX_WRITE);
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
