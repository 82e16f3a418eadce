package sonar.infiltrate.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * A request body as the decoders read it: the bytes in memory, or a body kept as it was sent (compressed)
 * and inflated again at each reading. A large envelope is read three times (parsed, measured as its stored
 * line, written into that line) so that it is never held whole before its line is made: only as sent and as
 * the line. Immutable; each reading has its own stream.
 */
public final class Body {

  private final Supplier<InputStream> opener;
  private final byte[] bytes;

  private Body(Supplier<InputStream> opener, byte[] bytes) {
    this.opener = opener;
    this.bytes = bytes;
  }

  /** The bytes themselves, which the body keeps. */
  public static Body of(byte[] bytes) {
    return new Body(() -> new ByteArrayInputStream(bytes), bytes);
  }

  /**
   * A body read afresh from the opener each time, which must give the same bytes at every call (a body
   * already checked whole).
   */
  public static Body readAgain(Supplier<InputStream> opener) {
    return new Body(opener, null);
  }

  /** A new stream of the body from its start; the caller closes it. */
  public InputStream open() {
    return opener.get();
  }

  /** The bytes, when the body holds them whole; else null. */
  public byte[] held() {
    return bytes;
  }

  /** The body whole, as one array: what a front end publishes. A body kept as sent is inflated for it. */
  public byte[] bytes() {
    if (bytes != null) {
      return bytes;
    }
    try (InputStream in = open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading a body held in memory", e);
    }
  }
}
