package sonar.infiltrate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.BatchBytes;

class JsonTextTest {

  private static final String FILE = "cl/2026/12/01/node/0+sample-n1.json";

  @Test
  void storesAGoodMessageAsTheCompactBytesTheTextMade() {
    byte[] json = ("{ \"meta\" : {\"producer\": \"sonar\"},\n"
        + "\t\"data\": {\"cmd\": \"a \\\" b\\\\\", \"user\": \"jürgen 😀\"} }\r\n")
        .getBytes(StandardCharsets.UTF_8);

    byte[] stored = storedByBytes(json);

    assertThat(new String(stored, StandardCharsets.UTF_8))
        .isEqualTo("{\"meta\":{\"producer\":\"sonar\"},\"data\":{\"cmd\":\"a \\\" b\\\\\",\"user\":\"jürgen 😀\"}}\n");
    assertThat(stored).isEqualTo(storedByText(json));
  }

  @Test
  void storesBadUtf8AsTheTextDidWithAReplacementCharacter() {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    json.writeBytes("{\"meta\": {}, \"data\": {\"cmd\": \"a".getBytes(StandardCharsets.UTF_8));
    json.write(0xc3); // the start of a two-byte character, and no second byte
    json.writeBytes("(\"}}".getBytes(StandardCharsets.UTF_8));

    byte[] stored = storedByBytes(json.toByteArray());

    assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("{\"meta\":{},\"data\":{\"cmd\":\"a\uFFFD(\"}}\n");
    assertThat(stored).isEqualTo(storedByText(json.toByteArray()));
  }

  private static byte[] storedByBytes(byte[] json) {
    Batch.Builder batch = new Batch.Builder();
    JsonText.addLine(json, batch, FILE);
    return BatchBytes.of(batch.build()).get(FILE);
  }

  private static byte[] storedByText(byte[] json) {
    Batch.Builder batch = new Batch.Builder();
    JsonText.appendLine(json, batch.lineFor(FILE));
    return BatchBytes.of(batch.build()).get(FILE);
  }
}
