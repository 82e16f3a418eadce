package sonar.infiltrate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.auth.AuthFile;
import sonar.infiltrate.auth.LoginThrottle;
import sonar.infiltrate.testing.LogLines;
import sonar.infiltrate.testing.RawHttp;

/** The admission judges a request by its head and the client's address alone. */
class AdmissionTest {

  private static final String ML = RawHttp.basic("ml", "secret");

  @TempDir
  Path temp;
  private Admission admission;
  private InetAddress local;
  private InetAddress remote;

  @BeforeEach
  void setUp() throws Exception {
    LogLines log = new LogLines();
    AuthFile authFile = new AuthFile(Files.writeString(temp.resolve("auth"), "ml:secret\n"), log.log());
    Access access = new Access(authFile, new LoginThrottle(Clock.systemUTC(), log.log()), false);
    admission = new Admission(HttpSettings.builder().maxBodyBytes(1000).maxEnvelopeBytes(5000).build(), access,
        /* dashboard= */ null);
    local = InetAddress.getLoopbackAddress();
    remote = InetAddress.getByAddress(new byte[] {10, 1, 2, 3});
  }

  @Test
  void admitsDataWithItsSendersUserAndItsEndpointsLimit() {
    assertThat(admission.judge(post("/sonar-reading", "application/json", "Authorization", ML), remote))
        .isEqualTo(new Admission.Admitted(Endpoint.READINGS, "ml", 1000));
    assertThat(admission.judge(post("/api/v0/insert/job", "application/json", "Authorization", ML), remote))
        .isEqualTo(new Admission.Admitted(Endpoint.INSERT, "ml", 5000));
    assertThat(admission.judge(post("/sonar-freecsv?cluster=caf%C3%A9", "text/csv", "Authorization", ML,
        "Content-Encoding", "gzip", "Transfer-Encoding", "chunked"), remote))
        .isEqualTo(new Admission.Admitted(Endpoint.FREE_CSV, "ml", 1000));
  }

  @Test
  void admitsTheServersOwnEndpointsWithoutCredentialsAndWithASmallLimit() {
    assertThat(admission.judge(request(HttpMethod.GET, "/ping"), remote))
        .isEqualTo(new Admission.Admitted(Endpoint.PING, "", Admission.LOCAL_BODY_LIMIT));
    assertThat(admission.judge(request(HttpMethod.HEAD, "/metrics"), remote))
        .isEqualTo(new Admission.Admitted(Endpoint.METRICS, "", Admission.LOCAL_BODY_LIMIT));
    assertThat(admission.judge(request(HttpMethod.POST, "/reload"), local))
        .isEqualTo(new Admission.Admitted(Endpoint.RELOAD, "", Admission.LOCAL_BODY_LIMIT));
  }

  @ParameterizedTest(name = "{0} {1}: {3}")
  @CsvSource(delimiter = '|', nullValues = "none", value = {
      "POST | /sonar-readings | none | 404 no such endpoint: /sonar-readings",
      "GET | /sonar-reading | none | 405 GET is not allowed on /sonar-reading; use POST",
      "POST | /reload | none | 403 reload is only taken from the server's own host",
      "POST | /sonar-reading | Authorization: Basic bWw6d3Jvbmc= | 401 Unauthorized: valid credentials are needed",
      "POST | /sonar-reading | Content-Type: text/plain | 415 unsupported Content-Type \"text/plain\"; use "
          + "application/json",
      "POST | /sonar-reading | Content-Encoding: br | 415 unsupported Content-Encoding \"br\"; use gzip or deflate",
      "POST | /sonar-reading | Transfer-Encoding: gzip, chunked | 415 unsupported Transfer-Encoding \"gzip, chunked\"; "
          + "use chunked, and Content-Encoding for gzip or deflate",
      "POST | /sonar-reading | Content-Length: 1001 | 413 the body is larger than the limit of 1000 bytes",
      "POST | /sonar-freecsv?cluster=%ff | none | 400 the query is not UTF-8 once its %-escapes are decoded: "
          + "cluster=%ff",
      "POST | /sonar-freecsv?cluster=%f | none | 400 the query has a bad %-escape: cluster=%f",
  })
  void refusesWithTheAnswerThatSaysWhy(String method, String target, String header, String answer) {
    HttpRequest head = request(HttpMethod.valueOf(method), target);
    head.headers().set("Content-Type", "application/json");
    head.headers().set("Authorization", ML);
    if (header != null) {
      head.headers().set(header.substring(0, header.indexOf(':')), header.substring(header.indexOf(':') + 2));
    }
    Admission.Verdict verdict = admission.judge(head, remote);
    assertThat(verdict).isInstanceOf(Admission.Refused.class);
    Refusal refusal = ((Admission.Refused) verdict).refusal();
    assertThat(refusal.status() + " " + refusal.text()).isEqualTo(answer);
  }

  @Test
  void namesTheHeadersARefusalCallsFor() {
    Refusal notAllowed = ((Admission.Refused) admission.judge(request(HttpMethod.PUT, "/ping"), remote)).refusal();
    assertThat(notAllowed.headers()).isEqualTo(Map.of("Allow", "GET, HEAD"));
    Refusal unauthorized = ((Admission.Refused) admission.judge(post("/sonar-reading", "application/json"), remote))
        .refusal();
    assertThat(unauthorized.headers()).containsEntry("WWW-Authenticate", "Basic realm=\"sonar\", charset=\"UTF-8\"");
  }

  @Test
  void closesTheConnectionRatherThanReadABodyFarOverTheLimitOrAHeadThatDidNotParse() {
    HttpRequest small = post("/nowhere", "application/json", "Content-Length", "2000");
    HttpRequest huge = post("/nowhere", "application/json", "Content-Length", "100000000");
    assertThat(((Admission.Refused) admission.judge(small, remote)).close()).isFalse();
    assertThat(((Admission.Refused) admission.judge(huge, remote)).close()).isTrue();
    HttpRequest broken = request(HttpMethod.GET, "/ping");
    broken.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("invalid version format")));
    Admission.Refused refused = (Admission.Refused) admission.judge(broken, remote);
    assertThat(refused.close()).isTrue();
    assertThat(refused.refusal().text()).isEqualTo("malformed HTTP request: invalid version format");
  }

  private static HttpRequest request(HttpMethod method, String target) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target);
  }

  private static HttpRequest post(String target, String contentType, String... headers) {
    HttpRequest head = request(HttpMethod.POST, target);
    head.headers().set("Content-Type", contentType);
    for (int i = 0; i < headers.length; i += 2) {
      head.headers().set(headers[i], headers[i + 1]);
    }
    return head;
  }
}
