package sonar.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
}
