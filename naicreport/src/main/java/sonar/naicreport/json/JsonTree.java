package sonar.naicreport.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON text into plain values: {@code Map<String, Object>} (keys in order; a repeated key keeps
 * its last value, as Go's decoder does), {@code List<Object>}, {@code String}, {@code BigDecimal},
 * {@code Boolean} and null. The documents read here (sonalyze's output, a node list) are small. Stateless.
 */
public final class JsonTree {

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonTree() {}

  /**
   * @throws IllegalArgumentException saying where the text stops being JSON
   */
  public static Object parse(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IllegalArgumentException("no JSON value (empty input)");
      }
      Object value = value(parser, first);
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("text after the JSON value at line " + parser.currentLocation().getLineNr()
            + ", column " + parser.currentLocation().getColumnNr());
      }
      return value;
    } catch (IOException e) {
      // Jackson's message holds a snippet of source and location; its first line names the problem.
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      int newline = message.indexOf('\n');
      String location = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
          ? " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr() : "";
      throw new IllegalArgumentException((newline < 0 ? message : message.substring(0, newline)) + location, e);
    }
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
          String name = parser.currentName();
          object.put(name, value(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY: {
        List<Object> array = new ArrayList<>();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          array.add(value(parser, next));
        }
        return array;
      }
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new BigDecimal(parser.getText());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IllegalArgumentException("unexpected JSON token " + token);
    }
  }
}
