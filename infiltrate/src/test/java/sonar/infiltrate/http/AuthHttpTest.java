package sonar.infiltrate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.testkit.Trees;
import sonar.infiltrate.auth.Credentials;
import sonar.infiltrate.store.Store;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;

class AuthHttpTest {

  @TempDir
  Path data;

  @Test
  void refusesRequestsWithoutValidCredentialsWithABasicChallenge() throws Exception {
    Credentials credentials = Credentials.parse(List.of("ml:secret", "fox/pass:word"), "test");
    try (RunningServer server = new RunningServer(data, RunningServer.HTTP, Store.Settings.DEFAULTS, credentials);
        RawHttp http = server.connect()) {
      for (String header : new String[] {"X-None: 1", "Authorization: " + RawHttp.basic("ml", "wrong"),
          "Authorization: " + RawHttp.basic("nobody", "secret"), "Authorization: Basic !!!",
          "Authorization: Bearer abc"}) {
        RawHttp.Response refused = http.postJson("/sonar-reading", IngestHttpTest.reading("ml", "h"), header);
        assertThat(refused.status()).as(header).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Basic realm=\"sonar\", charset=\"UTF-8\"");
        assertThat(refused.body()).isEqualTo("Unauthorized: valid credentials are needed\n");
      }
      assertThat(Trees.read(data)).isEmpty();

      assertThat(http.postJson("/sonar-reading", IngestHttpTest.reading("ml", "h"),
          "Authorization: " + RawHttp.basic("ml", "secret")).status()).isEqualTo(200);
      assertThat(http.postJson("/sonar-reading", IngestHttpTest.reading("fox", "h"),
          "Authorization: " + RawHttp.basic("fox", "pass:word")).status()).isEqualTo(200);
      assertThat(http.exchange("GET", "/ping", null, null).status()).isEqualTo(200); // no credentials needed
    }
  }
}
