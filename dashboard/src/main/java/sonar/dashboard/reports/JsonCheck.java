package sonar.dashboard.reports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;

/**
 * Whether bytes are exactly one JSON value, as a browser's {@code JSON.parse} takes them: a report cut
 * short or overwritten by something else is then refused by the server with the place of the fault,
 * rather than breaking the page. Thread-safe.
 */
final class JsonCheck {

  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  private JsonCheck() {}

  /** Null when the bytes are one JSON value; else what is wrong, with line and column. */
  static String problem(byte[] bytes) {
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() == null) {
        return "it is empty";
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        return "more than one JSON value, the second at " + where(parser.currentTokenLocation());
      }
      return null;
    } catch (JsonProcessingException e) {
      return e.getOriginalMessage().lines().findFirst().orElse("malformed") + " at " + where(e.getLocation());
    } catch (IOException e) {
      return e.getMessage(); // bytes that are not text in any encoding JSON may have
    }
  }

  private static String where(JsonLocation location) {
    return location == null ? "an unknown place" : "line " + location.getLineNr() + ", column "
        + location.getColumnNr();
  }
}
