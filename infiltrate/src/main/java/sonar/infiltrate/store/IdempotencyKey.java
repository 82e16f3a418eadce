package sonar.infiltrate.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A request's {@code Idempotency-Key}, for the user who sent it: a batch that carries one is stored at
 * most once within the store's idempotency window, however often it is sent. The key is opaque, 1 to 128
 * printable ASCII characters; the store keeps only a 64-bit hash of user and key. Immutable.
 */
public final class IdempotencyKey {

  /** The request header that carries it. */
  public static final String HEADER = "Idempotency-Key";
  public static final int MAX_LENGTH = 128;

  final long hash;

  private IdempotencyKey(long hash) {
    this.hash = hash;
  }

  /**
   * The key of a request, from the values of its {@value #HEADER} header.
   *
   * @param user the authenticated user, or empty (or null) without an auth file
   * @return null when the request carries no key
   * @throws IllegalArgumentException saying what is wrong with the key
   */
  public static IdempotencyKey of(String user, List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new IllegalArgumentException("a request may carry one " + HEADER + ", not " + values.size());
    }
    String key = values.get(0);
    if (key.isEmpty()) {
      throw new IllegalArgumentException(HEADER + " is empty");
    }
    if (key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          HEADER + " is " + key.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(String.format(
            "%s must be printable ASCII, but character %d is \\u%04x", HEADER, i + 1, (int) c));
      }
    }
    return new IdempotencyKey(hash(user == null ? "" : user, key));
  }

  /** The first 64 bits of SHA-256 over the user's length, the user and the key, so no two pairs meet. */
  private static long hash(String user, String key) {
    byte[] userBytes = user.getBytes(StandardCharsets.UTF_8);
    byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(userBytes.length).array());
    sha256.update(userBytes);
    sha256.update(keyBytes);
    return ByteBuffer.wrap(sha256.digest()).getLong();
  }

  /** The mark that records the key stored, in the batch's journal record. */
  Mark mark() {
    return new Mark(IdempotencyKeys.KIND, ByteBuffer.allocate(Long.BYTES).putLong(hash).array());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdempotencyKey key && key.hash == hash;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hash);
  }
}
