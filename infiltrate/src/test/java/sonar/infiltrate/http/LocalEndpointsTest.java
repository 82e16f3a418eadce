package sonar.infiltrate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.reload.Reloader;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.LogLines;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;

/** The server's own endpoints answer in turn like any other, and take no more than a small body. */
class LocalEndpointsTest {

  @TempDir
  Path temp;

  /** Pins a ping pipelined behind a reload answered before the reload. */
  @Test
  void answersAPingPipelinedBehindAReloadAfterTheReload() throws Exception {
    Path watched = Files.writeString(temp.resolve("watched"), "1");
    CountDownLatch reloading = new CountDownLatch(1);
    CountDownLatch mayFinish = new CountDownLatch(1);
    try (Reloader reloader = new Reloader(Duration.ofHours(1), new LogLines().log())) {
      reloader.watch("the watched file", List.of(watched), () -> {
        reloading.countDown();
        try {
          mayFinish.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      });
      try (RunningServer server = new RunningServer(Files.createDirectory(temp.resolve("data")), RunningServer.HTTP,
          StoreSettings.DEFAULTS, Access.everyone(), null, reloader); RawHttp http = server.connect()) {
        Files.writeString(watched, "2");
        http.send("POST /reload HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\nGET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(reloading.await(30, TimeUnit.SECONDS)).isTrue();
        http.setReadTimeout(300);
        try {
          RawHttp.Response early = http.read();
          throw new AssertionError("answered while the reload is running: " + early);
        } catch (SocketTimeoutException expected) {
          // nothing may be answered before the reload
        }
        mayFinish.countDown();
        http.setReadTimeout(20_000);
        assertThat(http.read().body()).isEqualTo("reloaded the watched file\n");
        assertThat(http.read().body()).isEqualTo("ok\n");
      }
    }
  }

  /** Pins /reload reading a body of any size. */
  @Test
  void refusesALargeBodyOnTheServersOwnEndpoints() throws Exception {
    try (RunningServer server = new RunningServer(Files.createDirectory(temp.resolve("data")));
        RawHttp http = server.connect()) {
      RawHttp.Response declared = http.exchange("POST", "/reload", new byte[5000], "text/plain");
      assertThat(declared.status()).isEqualTo(413);
      assertThat(declared.body()).isEqualTo("the body is larger than the limit of 4096 bytes\n");
    }
    try (RunningServer server = new RunningServer(Files.createDirectory(temp.resolve("data2")));
        RawHttp http = server.connect()) {
      http.send("POST /reload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      for (int i = 0; i < 5; i++) {
        http.send("3e8\r\n" + "x".repeat(1000) + "\r\n");
      }
      assertThat(http.read().status()).isEqualTo(413);
      http.send("0\r\n\r\n");
      assertThat(http.closedByServer()).isTrue();
    }
  }
}
