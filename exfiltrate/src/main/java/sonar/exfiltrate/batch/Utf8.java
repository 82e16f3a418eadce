package sonar.exfiltrate.batch;

/**
 * Whether bytes are well-formed UTF-8 as Unicode defines it (no overlong forms, no surrogates, nothing
 * past U+10FFFF), as a strict decoder such as the data logger's judges them. Stateless.
 */
final class Utf8 {

  private Utf8() {}

  static boolean isValid(byte[] bytes, int length) {
    int at = 0;
    while (at < length) {
      int b = bytes[at] & 0xFF;
      if (b < 0x80) {
        at++;
        continue;
      }
      int following;
      int min = 0x80; // the second byte's range, which rules out overlong forms and surrogates
      int max = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        following = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        following = 2;
        min = b == 0xE0 ? 0xA0 : 0x80;
        max = b == 0xED ? 0x9F : 0xBF;
      } else if (b >= 0xF0 && b <= 0xF4) {
        following = 3;
        min = b == 0xF0 ? 0x90 : 0x80;
        max = b == 0xF4 ? 0x8F : 0xBF;
      } else {
        return false;
      }
      if (at + following >= length) { // cut short
        return false;
      }
      int second = bytes[at + 1] & 0xFF;
      if (second < min || second > max) {
        return false;
      }
      for (int i = 2; i <= following; i++) {
        int next = bytes[at + i] & 0xFF;
        if (next < 0x80 || next > 0xBF) {
          return false;
        }
      }
      at += following + 1;
    }
    return true;
  }
}
