package sonar.infiltrate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;
import sonar.testkit.Trees;

/**
 * Bodies a hostile or broken sender makes: bad framing, damaged compression, JSON past the parser's
 * limits, a query that is not UTF-8. Each gets 400 or 415 with one line that says why, and nothing of it
 * is stored.
 */
class BrokenBodiesTest {

  private static final String READING = IngestHttpTest.reading("cl", "h");
  private static final byte[] READING_BYTES = READING.getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path temp;
  private Path data;
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    data = Files.createDirectory(temp.resolve("data"));
    server = new RunningServer(data);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Pins a body stored and answered 200 although its chunked framing broke after the first chunk. */
  @Test
  void refusesAChunkedBodyWhoseFramingBreaksAndStoresNothing() throws Exception {
    try (RawHttp http = server.connect()) {
      http.send("POST /sonar-reading HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(READING.length()) + "\r\n" + READING
          + "\r\nzz\r\n");
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).startsWith("the body did not arrive whole: ").doesNotContain("\n\n").endsWith("\n");
      assertThat(response.body().lines()).hasSize(1);
      assertThat(http.closedByServer()).isTrue();
    }
    assertThat(Trees.read(data)).isEmpty();
  }

  /** Pins gzip without its CRC and length trailer answered 200. */
  @Test
  void refusesGzipWithoutItsTrailer() throws Exception {
    byte[] gzip = IngestHttpTest.gzip(READING_BYTES);
    assertRefused(Arrays.copyOf(gzip, gzip.length - 8), "gzip", 400,
        "the gzip body is damaged: it is cut short");
  }

  /** Pins zlib without its Adler-32 checksum answered 200. */
  @Test
  void refusesZlibWithoutItsChecksum() throws Exception {
    byte[] zlib = zlib(READING_BYTES);
    assertRefused(Arrays.copyOf(zlib, zlib.length - 4), "deflate", 400,
        "the deflate body is damaged: it is cut short");
  }

  /** Pins a connection dropped without an answer on a gzip CRC mismatch. */
  @Test
  void refusesGzipWithABadCrc() throws Exception {
    byte[] gzip = IngestHttpTest.gzip(READING_BYTES);
    gzip[gzip.length - 8] ^= 1;
    assertRefused(gzip, "gzip", 400, "the gzip body is damaged: its CRC does not match its content");
  }

  /** Pins a connection dropped without an answer on bytes after the end of a gzip stream. */
  @Test
  void refusesGzipFollowedByGarbage() throws Exception {
    byte[] gzip = IngestHttpTest.gzip(READING_BYTES);
    byte[] garbage = Arrays.copyOf(gzip, gzip.length + 5);
    assertRefused(garbage, "gzip", 400, "the gzip body is damaged: data follows its end");
  }

  /** Pins a connection dropped without an answer on a plain body labelled gzip. */
  @Test
  void refusesAPlainBodyLabelledGzip() throws Exception {
    assertRefused(READING_BYTES, "gzip", 400, "the gzip body is damaged: it does not begin as gzip does");
  }

  @Test
  void refusesZlibThatIsNotZlib() throws Exception {
    assertRefused(READING_BYTES, "deflate", 400, "the deflate body is damaged: incorrect header check");
  }

  /** Pins a body decoded as gzip by its Transfer-Encoding, past the check of encodings. */
  @Test
  void refusesTransferCodingsOtherThanChunked() throws Exception {
    byte[] gzip = IngestHttpTest.gzip(READING_BYTES);
    try (RawHttp http = server.connect()) {
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(("POST /sonar-reading HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: gzip, chunked\r\n\r\n" + Integer.toHexString(gzip.length) + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(gzip);
      request.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      http.send(request.toByteArray());
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(415);
      assertThat(response.body()).isEqualTo("unsupported Transfer-Encoding \"gzip, chunked\"; use chunked, "
          + "and Content-Encoding for gzip or deflate\n");
    }
    assertThat(Trees.read(data)).isEmpty();
  }

  /** Pins a 500 for a number of 100,000 digits: the error had no location, and formatting it crashed. */
  @Test
  void refusesNumbersPastTheParsersLimitWith400() throws Exception {
    String digits = "1".repeat(100_000);
    try (RawHttp http = server.connect()) {
      RawHttp.Response reading = http.postJson("/sonar-reading", READING.replace("\"cores\":8", "\"cores\":" + digits));
      assertThat(reading.status()).isEqualTo(400);
      assertThat(reading.body()).isEqualTo("JSON past the parser's limits: a number longer than 100 characters\n");
      RawHttp.Response envelope = http.postJson("/api/v1/insert/sample", "{\"meta\":{},\"data\":{\"x\":" + digits
          + "}}");
      assertThat(envelope.status()).isEqualTo(400);
      assertThat(envelope.body()).isEqualTo("JSON past the parser's limits: a number longer than 100 characters\n");
    }
    assertThat(Trees.read(data)).isEmpty();
  }

  /** Pins a 500 for an envelope nested deeper than 1,000 levels. */
  @Test
  void refusesNestingPastTheParsersLimitWith400() throws Exception {
    String deep = "[".repeat(1001) + "]".repeat(1001);
    try (RawHttp http = server.connect()) {
      RawHttp.Response envelope = http.postJson("/api/v1/insert/sample", "{\"meta\":{},\"data\":{\"x\":" + deep + "}}");
      assertThat(envelope.status()).isEqualTo(400);
      assertThat(envelope.body()).isEqualTo("JSON past the parser's limits: nesting deeper than 64 levels\n");
      RawHttp.Response reading = http.postJson("/sonar-reading", "[{\"x\":" + deep + "}]");
      assertThat(reading.status()).isEqualTo(400);
      assertThat(reading.body()).isEqualTo("JSON past the parser's limits: nesting deeper than 64 levels\n");
      RawHttp.Response sysinfo = http.postJson("/sysinfo?cluster=cl", "{\"x\":" + deep + "}");
      assertThat(sysinfo.status()).isEqualTo(400);
    }
  }

  /** Pins ?cluster=%ff stored under the replacement character U+FFFD. */
  @Test
  void refusesAQueryThatIsNotUtf8() throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.exchange("POST", "/sonar-freecsv?cluster=%ff",
          "v=0.9.0,time=2023-10-11T13:30:02+02:00,host=a,cmd=c\n".getBytes(StandardCharsets.UTF_8), "text/csv");
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).isEqualTo("the query is not UTF-8 once its %-escapes are decoded: cluster=%ff\n");
      assertThat(http.exchange("GET", "/ping?x=%c3%28", null, null).status()).isEqualTo(400);
      assertThat(http.exchange("POST", "/sonar-freecsv?cluster=caf%C3%A9",
          "v=0.9.0,time=2023-10-11T13:30:02+02:00,host=a,cmd=c\n".getBytes(StandardCharsets.UTF_8), "text/csv")
          .status()).isEqualTo(200);
    }
    assertThat(Trees.read(data)).containsOnlyKeys("café/2023/10/11/a.csv");
  }

  /** Pins error bodies that echoed a NUL and other control characters raw. */
  @Test
  void escapesControlCharactersInErrorBodies() throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.exchange("POST", "/sonar-freecsv?cluster=cl",
          "v=0.9.0,time=2023-10-11\u0000\u001b[2J,host=a,cmd=c\n".getBytes(StandardCharsets.UTF_8), "text/csv");
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).isEqualTo("line 1: bad time \"2023-10-11\\u0000\\u001b[2J\": expected 'T' at "
          + "position 11\n");
    }
  }

  /**
   * An envelope's compressed body goes on as sent, inflated here only to be checked and counted: damage
   * is refused as in any other body.
   */
  @Test
  void refusesADamagedCompressedEnvelopeAsAnyOtherBody() throws Exception {
    byte[] envelope = ("{\"meta\":{},\"data\":{\"type\":\"sample\",\"attributes\":{\"time\":"
        + "\"2025-04-07T13:53:24+02:00\",\"cluster\":\"cl\",\"node\":\"n\"}}}").getBytes(StandardCharsets.UTF_8);
    byte[] gzip = IngestHttpTest.gzip(envelope);
    byte[] badCrc = gzip.clone();
    badCrc[badCrc.length - 8] ^= 1;
    byte[] zlib = zlib(envelope);
    assertRefused("/api/v1/insert/sample", Arrays.copyOf(gzip, gzip.length - 8), "gzip", 400,
        "the gzip body is damaged: it is cut short");
    assertRefused("/api/v1/insert/sample", badCrc, "gzip", 400,
        "the gzip body is damaged: its CRC does not match its content");
    assertRefused("/api/v1/insert/sample", Arrays.copyOf(gzip, gzip.length + 5), "gzip", 400,
        "the gzip body is damaged: data follows its end");
    assertRefused("/api/v1/insert/sample", Arrays.copyOf(zlib, zlib.length - 4), "deflate", 400,
        "the deflate body is damaged: it is cut short");
    assertRefused("/api/v1/insert/sample", envelope, "deflate", 400,
        "the deflate body is damaged: incorrect header check");
  }

  private void assertRefused(byte[] body, String encoding, int status, String message) throws Exception {
    assertRefused("/sonar-reading", body, encoding, status, message);
  }

  private void assertRefused(String path, byte[] body, String encoding, int status, String message)
      throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.exchange("POST", path, body, "application/json",
          "Content-Encoding: " + encoding);
      assertThat(response.status()).as(response.body()).isEqualTo(status);
      assertThat(response.body()).isEqualTo(message + "\n");
    }
    assertThat(Trees.read(data)).isEmpty();
  }

  static byte[] zlib(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream zlib = new DeflaterOutputStream(out)) {
      zlib.write(bytes);
    }
    return out.toByteArray();
  }
}
