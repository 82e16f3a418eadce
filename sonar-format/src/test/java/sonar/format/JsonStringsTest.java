package sonar.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonStringsTest {

  private static final String TRICKY = "a\"b\\c\n\r\t\b\f\u0001\u001f<>&\u2028\u2029\u00e9\ud83d\ude00\ud83d\u007f";

  @Test
  void goEscapesHtmlCharactersLineSeparatorsAndLoneSurrogates() {
    StringBuilder out = new StringBuilder();
    JsonStrings.appendGo(out, TRICKY);
    assertThat(out.toString()).isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\\u003c\\u003e\\u0026"
        + "\\u2028\\u2029\u00e9\ud83d\ude00\\ufffd\u007f\"");
  }

  @Test
  void minimalEscapesOnlyQuoteBackslashAndControls() {
    StringBuilder out = new StringBuilder();
    JsonStrings.appendMinimal(out, TRICKY);
    assertThat(out.toString()).isEqualTo("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f<>&"
        + "\u2028\u2029\u00e9\ud83d\ude00\ud83d\u007f\"");
  }

  @Test
  void bytesGoEscapesAreTheAsciiCharactersItHasAnEscapeFor() {
    boolean[] escaped = JsonStrings.goEscapedAscii();
    for (char c = 0; c < 128; c++) {
      assertThat(escaped[c]).as("character %d", (int) c).isEqualTo(JsonStrings.goEscape(c) != null);
      assertThat(escaped[c]).as("character %d", (int) c).isEqualTo(c < 0x20 || "\"\\<>&".indexOf(c) >= 0);
    }
  }
}
