package sonar.infiltrate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.auth.AuthFile;
import sonar.infiltrate.auth.LoginThrottle;
import sonar.infiltrate.reload.Reloader;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.LogLines;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;
import sonar.testkit.TestClock;
import sonar.testkit.Trees;

class AuthHttpTest {

  @TempDir
  Path data;
  @TempDir
  Path temp;
  private final LogLines log = new LogLines();
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void refusesRequestsWithoutValidCredentialsWithABasicChallenge() throws Exception {
    try (RunningServer server = start("ml:secret\nfox/pass:word\n", false, null); RawHttp http = server.connect()) {
      for (String header : new String[] {"X-None: 1", "Authorization: " + RawHttp.basic("ml", "wrong"),
          "Authorization: " + RawHttp.basic("nobody", "secret"), "Authorization: Basic !!!",
          "Authorization: Bearer abc"}) {
        RawHttp.Response refused = http.postJson("/sonar-reading", IngestHttpTest.reading("ml", "h"), header);
        assertThat(refused.status()).as(header).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Basic realm=\"sonar\", charset=\"UTF-8\"");
        assertThat(refused.body()).isEqualTo("Unauthorized: valid credentials are needed\n");
      }
      assertThat(Trees.read(data)).isEmpty();

      assertThat(http.postJson("/sonar-reading", IngestHttpTest.reading("ml", "h"), auth("ml", "secret")).status())
          .isEqualTo(200);
      assertThat(http.postJson("/sonar-reading", IngestHttpTest.reading("fox", "h"), auth("fox", "pass:word")).status())
          .isEqualTo(200);
      assertThat(http.exchange("GET", "/ping", null, null).status()).isEqualTo(200); // no credentials needed
    }
  }

  @Test
  void refusesRecordsForAnotherClusterWhenUsersMustMatchClusters() throws Exception {
    try (RunningServer server = start("ml:secret\nfox:other\n", true, null); RawHttp http = server.connect()) {
      String mixed = "[" + IngestHttpTest.object("ml", "h", "2023-10-11T13:30:02+02:00") + ","
          + IngestHttpTest.object("fox", "h", "2023-10-11T13:30:02+02:00") + "]";
      RawHttp.Response refused = http.postJson("/sonar-reading", mixed, auth("ml", "secret"));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.body()).isEqualTo("record 2: cluster \"fox\" is not the sender's; user \"ml\" may only send "
          + "data for cluster \"ml\"\n");
      assertThat(Trees.read(data)).isEmpty();
      assertThat(http.postJson("/sonar-heartbeat", "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\","
          + "\"cluster\":\"ml\",\"host\":\"h\"}]", auth("ml", "secret")).status()).isEqualTo(200);
    }
  }

  @Test
  void takesARotatedPasswordWithoutARestartAndKeepsTheOldOnesOnAMalformedFile() throws Exception {
    try (Reloader reloader = new Reloader(Duration.ofHours(1), log.log());
        RunningServer server = start("ml:old\n", false, reloader); RawHttp http = server.connect()) {
      Path file = temp.resolve("auth.txt");
      Files.writeString(file, "ml:new\n");
      assertThat(reloader.checkNow().get().reloaded()).containsExactly("auth file");
      assertThat(http.postJson("/sonar-reading", IngestHttpTest.reading("ml", "h"), auth("ml", "old")).status())
          .isEqualTo(401);
      assertThat(http.postJson("/sonar-reading", IngestHttpTest.reading("ml", "h"), auth("ml", "new")).status())
          .isEqualTo(200);

      Files.writeString(file, "ml:newer\nbroken line\n");
      RawHttp.Response refused = http.exchange("POST", "/reload", new byte[0], null);
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.body()).isEqualTo("refused the new auth file, the one in service stays: auth file " + file
          + " line 2: expected user:password or user/password\n");
      assertThat(http.postJson("/sonar-reading", IngestHttpTest.reading("ml", "h"), auth("ml", "new")).status())
          .isEqualTo(200);
      assertThat(log.lines()).contains(
          "INFO auth file " + file + " reloaded: 1 users",
          "WARNING auth file " + file + " refused, keeping the 1 users in force: auth file " + file
              + " line 2: expected user:password or user/password");
    }
  }

  @Test
  void throttlesAnAddressAfterRepeatedFailedLoginsAndLogsThemInAggregate() throws Exception {
    try (RunningServer server = start("ml:secret\n", false, null); RawHttp http = server.connect()) {
      for (int i = 0; i < 21; i++) {
        assertThat(http.postJson("/sonar-reading", "[]", auth("ml", "guess" + i)).status()).isEqualTo(401);
      }
      RawHttp.Response throttled = http.postJson("/sonar-reading", "[]", auth("ml", "secret"));
      assertThat(throttled.status()).isEqualTo(429);
      assertThat(throttled.header("Retry-After")).isEqualTo("60");
      assertThat(throttled.body()).isEqualTo("too many failed logins from this address; try again in 60 s\n");
      assertThat(log.lines()).noneMatch(line -> line.contains("failed login"));

      access.report();
      assertThat(log.lines()).containsExactly("WARNING failed logins since the last report: 21; refused while "
          + "blocked: 1; newly blocked for 60 s: 127.0.0.1");

      clock.advance(Duration.ofSeconds(61));
      assertThat(http.postJson("/sonar-reading", "[]", auth("ml", "secret")).status()).isEqualTo(200);
    }
  }

  @Test
  void takesReloadOnlyFromTheServersOwnHost() throws Exception {
    InetAddress external = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(network -> java.util.Collections.list(network.getInetAddresses()).stream())
        .filter(address -> !address.isLoopbackAddress() && address instanceof java.net.Inet4Address)
        .findFirst().orElse(null);
    org.assertj.core.api.Assumptions.assumeThat(external).as("a non-loopback address").isNotNull();
    try (RunningServer server = start("ml:secret\n", false, null)) {
      try (RawHttp remote = new RawHttp(new java.net.Socket(external, server.port()))) {
        RawHttp.Response refused = remote.exchange("POST", "/reload", new byte[0], null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("reload is only taken from the server's own host\n");
      }
      try (RawHttp local = server.connect()) {
        assertThat(local.exchange("POST", "/reload", new byte[0], null).body()).isEqualTo("nothing changed\n");
      }
    }
  }

  /** Pins 190 wrong guesses at one cluster's password let through by a valid login of another among them. */
  @Test
  void throttlesGuessesAtOneUserMixedWithValidLoginsOfAnother() throws Exception {
    try (RunningServer server = start("ml:secret\nfox:other\n", false, null); RawHttp http = server.connect()) {
      int guesses = 0;
      while (guesses < 190 && http.postJson("/sonar-reading", "[]", auth("fox", "other")).status() == 200
          && http.postJson("/sonar-reading", "[]", auth("ml", "guess" + guesses)).status() == 401) {
        guesses++;
      }
      assertThat(guesses).isEqualTo(21);
      RawHttp.Response throttled = http.postJson("/sonar-reading", "[]", auth("ml", "guess" + guesses));
      assertThat(throttled.status()).isEqualTo(429);
      assertThat(throttled.body()).isEqualTo("too many failed logins from this address; try again in 60 s\n");
    }
  }

  private Access access;

  private RunningServer start(String credentials, boolean matchUserAndCluster, Reloader reloader) throws Exception {
    Path file = Files.writeString(temp.resolve("auth.txt"), credentials);
    AuthFile authFile = new AuthFile(file, log.log());
    access = new Access(authFile, new LoginThrottle(clock, log.log()), matchUserAndCluster);
    if (reloader != null) {
      reloader.watch("auth file", java.util.List.of(file), authFile::reload);
    }
    return new RunningServer(data, RunningServer.HTTP, StoreSettings.DEFAULTS, access, null, reloader);
  }

  private static String auth(String user, String password) {
    return "Authorization: " + RawHttp.basic(user, password);
  }
}
