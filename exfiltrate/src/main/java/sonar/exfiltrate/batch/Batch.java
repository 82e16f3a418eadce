package sonar.exfiltrate.batch;

import java.nio.charset.StandardCharsets;

/**
 * One request's worth of data: the endpoint path (with any query), the body's content type, how many
 * records the body holds, and the body's bytes. Immutable but for the body array, which nobody changes.
 */
public record Batch(String path, String contentType, int records, byte[] body) {

  public Batch {
    if (!path.startsWith("/") || hasSpace(path)) {
      throw new IllegalArgumentException("path must start with / and hold no white space, not \"" + path + "\"");
    }
    if (contentType.isEmpty() || hasSpace(contentType)) {
      throw new IllegalArgumentException("content type must be one word, not \"" + contentType + "\"");
    }
    if (records < 0) {
      throw new IllegalArgumentException("records must be 0 or more, not " + records);
    }
  }

  private static boolean hasSpace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) <= ' ') {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return path + " (" + records + " records) " + new String(body, StandardCharsets.UTF_8);
  }
}
