package sonar.exfiltrate.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import sonar.exfiltrate.batch.Batch;
import sonar.exfiltrate.batch.Batches;
import sonar.files.Durable;

/**
 * The file of one batch: a header line {@code <path> <content type> <records>}, then the body as sent.
 * Batches set aside after a refusal are kept so; earlier versions of the sender spooled every batch so,
 * and their files are sent as they are. The one place that writes and reads the header. Stateless.
 */
final class BatchFile {

  /** A header and a body of {@link Batches#MAX_LINE_BYTES} at most: what a batch of this sender holds. */
  static final int MAX_BYTES = Batches.MAX_LINE_BYTES + 4096;

  private BatchFile() {}

  /** Writes a batch to a new file and forces it; the caller renames it into place. */
  static long write(Path file, Batch batch) throws IOException {
    byte[] header = (batch.path() + " " + batch.contentType() + " " + batch.records() + "\n")
        .getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      Durable.writeFully(channel, ByteBuffer.wrap(header));
      Durable.writeFully(channel, ByteBuffer.wrap(batch.body()));
      channel.force(/* metaData= */ true);
    }
    return header.length + (long) batch.body().length;
  }

  /** @throws IOException when the file cannot be read or is not a batch, saying which */
  static Batch read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new IOException("spool file " + file + " is not a batch: larger than " + MAX_BYTES + " bytes");
    }
    int newline = 0;
    while (newline < bytes.length && bytes[newline] != '\n') {
      newline++;
    }
    try {
      String[] header = fields(new String(bytes, 0, newline, StandardCharsets.UTF_8));
      if (newline == bytes.length || header == null) {
        throw new IllegalArgumentException("no header line \"<path> <content type> <records>\"");
      }
      byte[] body = new byte[bytes.length - newline - 1];
      System.arraycopy(bytes, newline + 1, body, 0, body.length);
      return new Batch(header[0], header[1], Integer.parseInt(header[2]), body);
    } catch (IllegalArgumentException e) { // NumberFormatException is one
      throw new IOException("spool file " + file + " is not a batch: " + e.getMessage(), e);
    }
  }

  /** The three space-separated fields of a header line, or null when it has another number of them. */
  private static String[] fields(String line) {
    int first = line.indexOf(' ');
    int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
    if (second < 0 || line.indexOf(' ', second + 1) >= 0) {
      return null;
    }
    return new String[] {line.substring(0, first), line.substring(first + 1, second), line.substring(second + 1)};
  }
}
