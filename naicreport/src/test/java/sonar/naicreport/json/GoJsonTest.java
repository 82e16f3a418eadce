package sonar.naicreport.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoJsonTest {

  @Test
  void writesAsGoMarshals() {
    String json = new GoJson().beginObject().field("a", 300.0).field("b", 0.1).field("c", 1e21).field("d", 1e-7)
        .field("e", -0.0).field("f", 7L).key("g").beginArray().value("x").beginObject().endObject().endArray()
        .endObject().toString();
    assertThat(json).isEqualTo("{\"a\":300,\"b\":0.1,\"c\":1e+21,\"d\":1e-7,\"e\":-0,\"f\":7,\"g\":[\"x\",{}]}");
  }

  @Test
  void escapesStringsAsGoDoesForHtml() {
    assertThat(new GoJson().value("<a href=\"x\">&\\\n\r\t\b\f\u0001\u2028\u2029é😀\ud800").toString())
        .isEqualTo("\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\\\\\n\\r\\t\\b\\f\\u0001\\u2028\\u2029é😀\\ufffd\"");
  }

  @Test
  void refusesWhatJsonCannotCarry() {
    assertThatThrownBy(() -> new GoJson().value(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsRepeatedKeysAsGoDoesAndSaysWhereTextStopsBeingJson() {
    assertThat(JsonTree.parse("{\"a\":1,\"a\":\"2\"}")).isEqualTo(java.util.Map.of("a", "2"));
    assertThatThrownBy(() -> JsonTree.parse("")).hasMessage("no JSON value (empty input)");
    assertThatThrownBy(() -> JsonTree.parse("[1] [2]")).hasMessageStartingWith("text after the JSON value at line 1");
    assertThatThrownBy(() -> JsonTree.parse("[1,")).hasMessageContaining("line 1, column");
  }
}
