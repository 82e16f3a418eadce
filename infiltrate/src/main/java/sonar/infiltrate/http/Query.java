package sonar.infiltrate.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The query of a request target, read as Go's {@code url.ParseQuery} reads it ({@code &} between
 * parameters, {@code +} for a space, {@code %XX} for a byte), but strictly: every name and value must be
 * UTF-8 once decoded, where a lenient decoder would put U+FFFD in its place and a cluster would be stored
 * under a name nobody sent. Stateless.
 */
final class Query {

  private Query() {}

  /** Why the query of a request target cannot be read, or null when it can (or there is none). */
  static String problem(String uri) {
    int start = uri.indexOf('?');
    if (start < 0) {
      return null;
    }
    for (String pair : uri.substring(start + 1).split("&")) {
      try {
        int equals = pair.indexOf('=');
        decode(equals < 0 ? pair : pair.substring(0, equals));
        decode(equals < 0 ? "" : pair.substring(equals + 1));
      } catch (IllegalArgumentException e) {
        return e.getMessage() + ": " + pair;
      }
    }
    return null;
  }

  /** The first value of a parameter, or null; call only for a target whose {@link #problem} is null. */
  static String parameter(String uri, String name) {
    int start = uri.indexOf('?');
    if (start < 0) {
      return null;
    }
    for (String pair : uri.substring(start + 1).split("&")) {
      int equals = pair.indexOf('=');
      if (decode(equals < 0 ? pair : pair.substring(0, equals)).equals(name)) {
        return decode(equals < 0 ? "" : pair.substring(equals + 1));
      }
    }
    return null;
  }

  private static String decode(String component) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (c == '%') {
        int high = i + 2 < component.length() ? Character.digit(component.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(component.charAt(i + 2), 16);
        if (low < 0) {
          throw new IllegalArgumentException("the query has a bad %-escape");
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c <= 0xff) {
        bytes.write(c); // the request line reaches us a byte per char
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the query is not UTF-8 once its %-escapes are decoded", e);
    }
  }
}
