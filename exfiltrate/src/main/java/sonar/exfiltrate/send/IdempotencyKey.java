package sonar.exfiltrate.send;

import java.util.zip.CRC32;

/**
 * The {@code Idempotency-Key} of a batch: {@code <host>/<spool file>/<batch index>/<content checksum>},
 * printable ASCII without spaces, at most {@link #MAX_LENGTH} characters. The same batch of the same
 * spool file gets the same key in every run that sends it, so a server that stores each key's data once
 * stores a batch once, however often a killed or failed run made the sender send it. Different batches
 * get different keys: the host and file name set a node's runs apart, the index the batches of a file,
 * and the checksum guards against a file of the same name with other content. Stateless.
 */
public final class IdempotencyKey {

  /** What servers commonly take for such a key. */
  public static final int MAX_LENGTH = 128;
  /** Leaves room for the rest within {@link #MAX_LENGTH}; host names are seldom longer. */
  static final int MAX_HOST_LENGTH = 48;

  private IdempotencyKey() {}

  /**
   * @param host this node's name; characters other than letters, digits, {@code .}, {@code -} and
   *     {@code _} become {@code _}, and it is cut to {@link #MAX_HOST_LENGTH}
   * @param file the spool file's name (no {@code /}), at most 48 characters
   * @param index the batch's place in the file, from 0
   */
  public static String of(String host, String file, int index, byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body, 0, body.length);
    String checksum = Long.toHexString(crc.getValue());
    StringBuilder key = new StringBuilder(MAX_LENGTH);
    for (int i = 0; i < host.length() && i < MAX_HOST_LENGTH; i++) {
      char c = host.charAt(i);
      key.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
          || c == '_' ? c : '_');
    }
    if (host.isEmpty()) {
      key.append('_');
    }
    key.append('/').append(file).append('/').append(index).append('/');
    for (int i = checksum.length(); i < 8; i++) {
      key.append('0');
    }
    key.append(checksum);
    if (key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("idempotency key longer than " + MAX_LENGTH + " characters: " + key);
    }
    return key.toString();
  }
}
