package sonar.sonalyze.output;

/**
 * Rust's idea of white space ({@code char::is_whitespace}: Unicode White_Space), for trimming as the reference trims.
 */
final class RustText {

  private RustText() {}

  static boolean isWhitespace(int c) {
    return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0x85 || c == 0xa0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
  }
}
