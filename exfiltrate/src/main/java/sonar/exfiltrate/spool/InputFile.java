package sonar.exfiltrate.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import sonar.exfiltrate.cli.Output;

/**
 * The file of one run's input: a header line {@code exfiltrate-input output=<json|csv> cluster=<name>},
 * then sonar's output exactly as read. The header says how to cut the rest into batches, so that any run
 * can send it, whatever its own flags. The launcher writes the same header when it spools before the JVM
 * starts. Stateless.
 */
public final class InputFile {

  /** How an input is to be cut into batches. */
  public record Header(Output output, String cluster) {}

  static final String MAGIC = "exfiltrate-input";
  /** Longer than any header this sender writes; a first line longer than this is no header. */
  private static final int MAX_HEADER_BYTES = 4096;

  private InputFile() {}

  static byte[] header(Header header) {
    return (MAGIC + " output=" + header.output().flagValue() + " cluster=" + header.cluster() + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads the header line, leaving the stream at the first byte of sonar's output.
   *
   * @throws IOException when the first line is not a header this sender understands, saying why
   */
  static Header readHeader(InputStream in) throws IOException {
    byte[] line = new byte[MAX_HEADER_BYTES];
    int length = 0;
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0 || length == line.length) {
        throw new IOException("no header line \"" + MAGIC + " output=... cluster=...\"");
      }
      line[length++] = (byte) b;
    }
    String text = new String(line, 0, length, StandardCharsets.UTF_8);
    Output output = null;
    String cluster = null;
    int at = 0;
    for (int end = text.indexOf(' '); ; end = text.indexOf(' ', at)) {
      String word = text.substring(at, end < 0 ? text.length() : end);
      if (at == 0 && !word.equals(MAGIC)) {
        throw new IOException("no header line \"" + MAGIC + " output=... cluster=...\"");
      }
      if (word.startsWith("output=")) {
        output = output(word.substring("output=".length()));
      } else if (word.startsWith("cluster=")) {
        cluster = word.substring("cluster=".length());
      } // other words: from a later version, which this one does without
      if (end < 0) {
        break;
      }
      at = end + 1;
    }
    if (output == null || cluster == null || cluster.isEmpty()) {
      throw new IOException("header line \"" + text + "\" lacks a valid output= or cluster=");
    }
    return new Header(output, cluster);
  }

  private static Output output(String value) {
    for (Output output : Output.values()) {
      if (output.flagValue().equals(value)) {
        return output;
      }
    }
    return null;
  }
}
