package sonar.sonalyze.data;

import java.nio.charset.StandardCharsets;

/** Unsigned 32-bit integers as the reference reads them from text ({@code u32::from_str}). Stateless. */
public final class RustIntegers {

  private RustIntegers() {}

  /** @return the value, or -1 when the text is not an unsigned 32-bit integer */
  public static long u32(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return RustValues.u32(bytes, 0, bytes.length);
  }
}
