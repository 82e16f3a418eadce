package sonar.dashboard;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request target's path under {@code /dashboard}, as decoded segments. Each segment is
 * percent-decoded on its own, after the path is split at its slashes, so an encoded slash stays inside
 * its segment, where it is refused. Refused: a segment that is {@code .} or {@code ..} (encoded or not),
 * holds a slash, backslash or control character, or is not UTF-8; an empty segment other than the last
 * ({@code //}). The dashboard never serves a file by a path a client wrote: segments are names, checked
 * again by whoever looks them up.
 */
final class Target {

  /** A target the dashboard refuses, with the reason for the client. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private Target() {}

  /** The path without its query. */
  static String path(String target) {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  /**
   * The decoded segments after {@code /dashboard}: {@code /dashboard/} is one empty segment,
   * {@code /dashboard/data/x/} is {@code data}, {@code x} and an empty one, {@code /dashboard} none.
   *
   * @throws Refused when the path is not under {@code /dashboard} or has a segment named above
   */
  static List<String> segments(String path) throws Refused {
    if (!path.equals(Dashboard.PATH) && !path.startsWith(Dashboard.PATH + "/")) {
      throw new Refused("not a dashboard path");
    }
    String rest = path.substring(Dashboard.PATH.length());
    List<String> segments = new ArrayList<>();
    if (rest.isEmpty()) {
      return segments;
    }
    String[] raw = rest.substring(1).split("/", -1);
    for (int i = 0; i < raw.length; i++) {
      String segment = decode(raw[i]);
      if (segment.isEmpty() && i < raw.length - 1) {
        throw new Refused("empty path segment");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new Refused("\".\" and \"..\" are not taken in a path");
      }
      for (int c = 0; c < segment.length(); c++) {
        char ch = segment.charAt(c);
        if (ch == '/' || ch == '\\' || ch < 0x20 || ch == 0x7f) {
          throw new Refused("a path segment holds a slash, backslash or control character");
        }
      }
      segments.add(segment);
    }
    return segments;
  }

  private static String decode(String segment) throws Refused {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char ch = segment.charAt(i);
      if (ch != '%') {
        byte[] plain = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
        bytes.write(plain, 0, plain.length);
        continue;
      }
      if (i + 2 >= segment.length()) {
        throw new Refused("malformed percent-encoding in the path");
      }
      int high = Character.digit(segment.charAt(i + 1), 16);
      int low = Character.digit(segment.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        throw new Refused("malformed percent-encoding in the path");
      }
      bytes.write(high << 4 | low);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Refused("the path is not UTF-8");
    }
  }
}
