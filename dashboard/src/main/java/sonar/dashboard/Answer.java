package sonar.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's answer to a request: status, headers (Content-Type among them; Content-Length is the
 * server's to set from the body) and body. For a HEAD request the body is that of GET, which the server
 * does not send. Immutable.
 */
public record Answer(int status, Map<String, String> headers, byte[] body) {

  public Answer {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** The body as text, for tests and logs. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A header's value, null when absent; names as the dashboard writes them. */
  public String header(String name) {
    return headers.get(name);
  }

  Answer with(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Answer(status, more, body);
  }

  Answer withBody(byte[] newBody) {
    return new Answer(status, headers, newBody);
  }
}
