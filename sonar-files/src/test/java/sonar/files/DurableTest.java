package sonar.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableTest {

  @TempDir Path dir;

  @Test
  void positionalWriteLeavesTheChannelPositionAlone() throws IOException {
    Path file = dir.resolve("f");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      Durable.writeFully(channel, ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
      Durable.writeFully(channel, ByteBuffer.wrap("XY".getBytes(StandardCharsets.US_ASCII)), 5);
      assertThat(channel.position()).isEqualTo(3);
      Durable.forceFile(file);
      Durable.forceDirectory(dir);
    }
    assertThat(Files.readAllBytes(file)).isEqualTo("abc\0\0XY".getBytes(StandardCharsets.US_ASCII));
  }

  /** A buffer larger than one write's piece is written in pieces, whole, each where it belongs. */
  @Test
  void writesALargeHeapBufferWholeInPieces() throws IOException {
    byte[] bytes = new byte[Durable.MAX_WRITE * 3 + 17];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + i / 7);
    }
    Path file = dir.resolve("f");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer first = ByteBuffer.wrap(bytes, 5, bytes.length - 5);
      Durable.writeFully(channel, first);
      ByteBuffer second = ByteBuffer.wrap(bytes);
      Durable.writeFully(channel, second, 1000);
      assertThat(first.hasRemaining()).isFalse();
      assertThat(second.hasRemaining()).isFalse();
      assertThat(channel.position()).isEqualTo(bytes.length - 5);
    }
    byte[] written = Files.readAllBytes(file);
    assertThat(written).hasSize(1000 + bytes.length);
    assertThat(Arrays.copyOfRange(written, 0, 1000))
        .isEqualTo(Arrays.copyOfRange(bytes, 5, 1005));
    assertThat(Arrays.copyOfRange(written, 1000, written.length)).isEqualTo(bytes);
  }
}
