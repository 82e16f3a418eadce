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
import java.util.Random;
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

  @Test
  void writesALargeHeapBufferWholeFromItsPositionInSlices() throws IOException {
    Path file = dir.resolve("large");
    byte[] bytes = new byte[(1 << 20) + 12_345];
    new Random(7).nextBytes(bytes);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).position(10);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      Durable.writeFully(channel, buffer, 3);
    }
    assertThat(buffer.hasRemaining()).isFalse();
    byte[] written = Files.readAllBytes(file);
    assertThat(written).hasSize(3 + bytes.length - 10);
    assertThat(Arrays.copyOfRange(written, 3, written.length))
        .isEqualTo(Arrays.copyOfRange(bytes, 10, bytes.length));
  }
}
