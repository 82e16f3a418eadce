package sonar.infiltrate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;
import sonar.testkit.Trees;

class IngestHttpTest {

  private static final String TIME = "2023-10-11T13:30:02+02:00";

  @TempDir
  Path temp;
  private Path data;
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    data = Files.createDirectory(temp.resolve("data"));
    server = new RunningServer(data,
        HttpSettings.builder().httpPort(0).maxBodyBytes(4096).maxConnections(100).verbose(true).build(),
        StoreSettings.DEFAULTS);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void storesAReadingAndAnswers200WithAnEmptyBody() throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.postJson("/sonar-reading", reading("cl", "h1"));
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).isEmpty();
    }
    assertThat(Trees.asText(Trees.read(data))).containsOnlyKeys("cl/2023/10/11/h1.csv");
  }

  @Test
  void answers405WithAllowForOtherMethodsOnDataPaths() throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.exchange("GET", "/sonar-reading", null, null);
      assertThat(response.status()).isEqualTo(405);
      assertThat(response.header("Allow")).isEqualTo("POST");
      assertThat(response.body()).isEqualTo("GET is not allowed on /sonar-reading; use POST\n");
      assertThat(http.exchange("PUT", "/ping", new byte[0], null).header("Allow")).isEqualTo("GET, HEAD");
    }
  }

  @Test
  void answers404ForUnknownPaths() throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.postJson("/sonar-readings", "[]");
      assertThat(response.status()).isEqualTo(404);
      assertThat(response.body()).isEqualTo("no such endpoint: /sonar-readings\n");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "text/plain | unsupported Content-Type \"text/plain\"; use application/json",
      "none | missing Content-Type; use application/json",
      "application/json; charset=latin1 | unsupported charset in Content-Type \"application/json; charset=latin1\"; "
          + "send UTF-8",
  })
  void answers415ForContentOtherThanJson(String type, String message) throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.exchange("POST", "/sonar-reading", reading("cl", "h").getBytes(), type);
      assertThat(response.status()).isEqualTo(415);
      assertThat(response.body()).isEqualTo(message + "\n");
    }
    assertThat(Trees.read(data)).isEmpty();
  }

  @Test
  void acceptsJsonDeclaredAsUtf8() throws Exception {
    try (RawHttp http = server.connect()) {
      assertThat(http.exchange("POST", "/sonar-reading", reading("cl", "h").getBytes(),
          "Application/JSON; charset=\"UTF-8\"").status()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "{\"cores\":-1} | record 1: \"cores\" must be a non-negative integer, not -1",
      "{\"job\":2.5} | record 1: \"job\" must be a non-negative integer, not 2.5",
      "{\"cmd\":7} | record 1: \"cmd\" must be a string, not 7",
  })
  void answers400NamingTheRecordAndField(String extra, String message) throws Exception {
    String body = "[" + object("cl", "h", TIME).replace("}", "," + extra.substring(1)) + "]";
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.postJson("/sonar-reading", body);
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).isEqualTo(message + "\n");
    }
  }

  @Test
  void answers400ForJsonThatDoesNotDecode() throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.postJson("/sonar-reading", "[{\"host\":");
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).startsWith("malformed JSON at line 1, column 10: Unexpected end-of-input");
    }
  }

  @ParameterizedTest(name = "cluster \"{0}\" host \"{1}\"")
  @CsvSource(delimiter = '|', value = {
      "cl | ../../x | record 1: host \"../../x\" must not contain '/'",
      "../.. | h | record 1: cluster \"../..\" must not contain '/'",
      "cl | a\\\\b | record 1: host \"a\\b\" must not contain '\\'",
      "cl | .. | record 1: host \"..\" is not a valid name",
      ". | h | record 1: cluster \".\" is not a valid name",
      "cl | '' | record 1: host is empty",
      "'' | h | record 1: cluster is empty",
      ".infiltrate | h | record 1: cluster \".infiltrate\" must not start with a dot",
      "cl | a\\u0001b | record 1: host \"a\\u0001b\" must not contain control characters",
  })
  void refusesNamesThatCouldLeaveTheDataDirectory(String cluster, String host, String message) throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.postJson("/sonar-reading", reading(cluster, host));
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).isEqualTo(message + "\n");
    }
    assertThat(Trees.read(data)).isEmpty();
    try (Stream<Path> outside = Files.list(temp)) {
      assertThat(outside).containsExactly(data);
    }
  }

  @Test
  void refusesTheWholeRequestWhenOneRecordIsBad() throws Exception {
    String body = "[" + object("cl", "h1", TIME) + "," + object("cl", "h2", "yesterday") + ","
        + object("cl", "h3", TIME) + "]";
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.postJson("/sonar-reading", body);
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).isEqualTo("record 2: bad time \"yesterday\": expected 4-digit year\n");
    }
    assertThat(Trees.read(data)).isEmpty();
  }

  @Test
  void storesNothingForAnEmptyArray() throws Exception {
    try (RawHttp http = server.connect()) {
      assertThat(http.postJson("/sonar-reading", "[]").status()).isEqualTo(200);
    }
    assertThat(Trees.read(data)).isEmpty();
  }

  @Test
  void answers413WhenTheDeclaredLengthIsOverTheLimit() throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.postJson("/sonar-reading", "[" + " ".repeat(5000) + "]");
      assertThat(response.status()).isEqualTo(413);
      assertThat(response.body()).isEqualTo("the body is larger than the limit of 4096 bytes\n");
    }
  }

  @Test
  void answers413WhenAChunkedBodyGrowsOverTheLimit() throws Exception {
    try (RawHttp http = server.connect()) {
      http.send("POST /sonar-reading HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      for (int i = 0; i < 5; i++) {
        http.send("3e8\r\n" + " ".repeat(1000) + "\r\n");
      }
      assertThat(http.read().status()).isEqualTo(413);
    }
  }

  @Test
  void answers413WhenAGzipBodyInflatesOverTheLimit() throws Exception {
    try (RawHttp http = server.connect()) {
      byte[] bomb = gzip(("[" + " ".repeat(100_000) + "]").getBytes(StandardCharsets.UTF_8));
      assertThat(bomb.length).isLessThan(4096);
      RawHttp.Response response = http.exchange("POST", "/sonar-reading", bomb, "application/json",
          "Content-Encoding: gzip");
      assertThat(response.status()).isEqualTo(413);
    }
    assertThat(Trees.read(data)).isEmpty();
  }

  @Test
  void acceptsChunkedAndGzipBodies() throws Exception {
    try (RawHttp http = server.connect()) {
      String body = reading("cl", "chunked");
      http.send("POST /sonar-reading HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
          + Integer.toHexString(body.length() - 10) + "\r\n" + body.substring(10) + "\r\n0\r\n\r\n");
      assertThat(http.read().status()).isEqualTo(200);
      RawHttp.Response gzipped = http.exchange("POST", "/sonar-reading",
          gzip(reading("cl", "gzipped").getBytes(StandardCharsets.UTF_8)), "application/json",
          "Content-Encoding: gzip");
      assertThat(gzipped.status()).isEqualTo(200);
    }
    assertThat(Trees.read(data)).containsOnlyKeys("cl/2023/10/11/chunked.csv", "cl/2023/10/11/gzipped.csv");
  }

  @Test
  void refusesUnknownContentEncodings() throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response response = http.exchange("POST", "/sonar-reading", reading("cl", "h").getBytes(),
          "application/json", "Content-Encoding: br");
      assertThat(response.status()).isEqualTo(415);
      assertThat(response.body()).isEqualTo("unsupported Content-Encoding \"br\"; use gzip or deflate\n");
    }
  }

  @Test
  void answersPingForGetAndHead() throws Exception {
    try (RawHttp http = server.connect()) {
      RawHttp.Response get = http.exchange("GET", "/ping", null, null);
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("ok\n");
      http.sendRequest("HEAD", "/ping", null, null);
      RawHttp.Response head = http.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Length")).isEqualTo("3");
      assertThat(http.exchange("GET", "/ping", null, null).body()).isEqualTo("ok\n"); // nothing stray in between
    }
  }

  @Test
  void answersPipelinedRequestsInOrder() throws Exception {
    try (RawHttp http = server.connect()) {
      byte[] body = reading("cl", "first").getBytes(StandardCharsets.UTF_8);
      http.send("POST /sonar-reading HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8)
          + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\nGET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(List.of(http.read().status(), http.read().status(), http.read().status()))
          .containsExactly(200, 404, 200);
    }
  }

  @Test
  void logsEveryRequestWhenVerbose() throws Exception {
    try (RawHttp http = server.connect()) {
      http.postJson("/sonar-reading", reading("cl", "h"));
      http.postJson("/sonar-heartbeat", "[{\"cluster\":\"cl\"}]");
    }
    assertThat(server.log.lines()).anySatisfy(line -> assertThat(line).matches(
        "INFO POST /sonar-reading 200 1 records [0-9.]+ ms from /127\\.0\\.0\\.1:[0-9]+"));
    assertThat(server.log.lines()).anySatisfy(line -> assertThat(line).matches(
        "INFO POST /sonar-heartbeat 400 0 records [0-9.]+ ms from /127\\.0\\.0\\.1:[0-9]+"));
  }

  static String reading(String cluster, String host) {
    return "[" + object(cluster, host, TIME) + "]";
  }

  static String object(String cluster, String host, String time) {
    return "{\"version\":\"0.7.0\",\"time\":\"" + time + "\",\"cluster\":\"" + cluster + "\",\"host\":\"" + host
        + "\",\"cores\":8,\"user\":\"u\",\"cmd\":\"c\"}";
  }

  static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }
}
