package sonar.infiltrate.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
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

  /**
   * A large body is read a piece at a time: a piece may end inside a character, an escape or white space,
   * and the line must come out as the text made it all the same, whether the reading was measured by
   * the parser's pass or by a pass of its own.
   */
  @Test
  void storesABodyReadInPiecesAsTheTextDidWhereverThePiecesEnd() throws Exception {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    json.writeBytes("{ \"meta\" : {},\n \"data\": [".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 2000; i++) {
      json.writeBytes(("\t\"jürgen \\\" 😀 \\\\\" ,\r\n " + i).getBytes(StandardCharsets.UTF_8));
      if (i % 500 == 7) {
        json.write(0xed); // a surrogate's encoding, which UTF-8 forbids: U+FFFD as the text stands it
        json.write(0xa0);
        json.write(0x80);
      }
    }
    json.writeBytes("0 ] }".getBytes(StandardCharsets.UTF_8));
    byte[] bad = json.toByteArray();
    byte[] good = new String(bad, StandardCharsets.UTF_8).replace("\uFFFD", "").getBytes(StandardCharsets.UTF_8);

    for (byte[] body : new byte[][] {good, bad}) {
      for (int piece : new int[] {1, 2, 3, 7, 4096}) {
        Body trickled = Body.readAgain(() -> new Trickle(body, piece));
        assertThat(storedBy(trickled, null)).as("%d-byte pieces", piece).isEqualTo(storedByText(body));
        JsonText.Measuring measuring = JsonText.measuring(new Trickle(body, piece));
        measuring.readAllBytes();
        assertThat(measuring.measured().malformed()).isEqualTo(body == bad);
        assertThat(storedBy(trickled, measuring.measured())).as("%d-byte pieces, measured", piece)
            .isEqualTo(storedByText(body));
      }
    }
  }

  /** A stream that gives at most so many bytes at each read. */
  private static final class Trickle extends ByteArrayInputStream {
    private final int piece;

    Trickle(byte[] bytes, int piece) {
      super(bytes);
      this.piece = piece;
    }

    @Override
    public synchronized int read(byte[] bytes, int from, int length) {
      return super.read(bytes, from, Math.min(length, piece));
    }
  }

  private static byte[] storedBy(Body json, JsonText.Measured measured) {
    Batch.Builder batch = new Batch.Builder();
    JsonText.addLine(json, measured, batch, FILE);
    return BatchBytes.of(batch.build()).get(FILE);
  }

  private static byte[] storedByBytes(byte[] json) {
    Batch.Builder batch = new Batch.Builder();
    JsonText.addLine(json, batch, FILE);
    return BatchBytes.of(batch.build()).get(FILE);
  }

  private static byte[] storedByText(byte[] json) {
    StringBuilder line = new StringBuilder();
    appendLine(json, line);
    return BatchBytes.of(new Batch.Builder().add(FILE, line.toString()).build()).get(FILE);
  }

  /** Appends the JSON, compact, and a newline, through the text: the reference for what is stored. */
  private static void appendLine(byte[] json, StringBuilder line) {
    line.ensureCapacity(line.length() + json.length + 1);
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    ByteBuffer piece = ByteBuffer.allocate(8192);
    CharBuffer chars = CharBuffer.allocate(8192);
    boolean inString = false;
    boolean escaped = false;
    for (byte b : json) {
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
        continue;
      }
      piece.put(b);
      if (!piece.hasRemaining()) {
        decode(utf8, piece, chars, line, /* last= */ false);
      }
    }
    decode(utf8, piece, chars, line, /* last= */ true);
    utf8.flush(chars);
    line.append(chars.flip()).append('\n');
  }

  /** Decodes the bytes gathered, keeping the start of a character they end in for the next piece. */
  private static void decode(CharsetDecoder utf8, ByteBuffer piece, CharBuffer chars, StringBuilder line,
      boolean last) {
    piece.flip();
    utf8.decode(piece, chars, last);
    line.append(chars.flip());
    chars.clear();
    piece.compact();
  }
}
