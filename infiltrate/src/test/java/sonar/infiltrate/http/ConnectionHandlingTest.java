package sonar.infiltrate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;

/** Clients that stall, idle or flood cannot keep others from being served. */
class ConnectionHandlingTest {

  @TempDir
  Path data;

  private RunningServer server(Duration timeout, int maxConnections) throws Exception {
    return new RunningServer(data,
        HttpSettings.builder().httpPort(0).requestTimeout(timeout).maxConnections(maxConnections).build(),
        StoreSettings.DEFAULTS);
  }

  @Test
  void answers408AndClosesWhenARequestStallsHalfway() throws Exception {
    try (RunningServer server = server(Duration.ofSeconds(1), 100); RawHttp http = server.connect()) {
      http.send("POST /sonar-reading HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\n\r\n[{\"host\":");
      long started = System.nanoTime();
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(408);
      assertThat(response.body()).isEqualTo("the request was not complete within 1 s\n");
      assertThat(http.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void closesAConnectionThatTricklesItsHeaders() throws Exception {
    try (RunningServer server = server(Duration.ofSeconds(1), 100); RawHttp http = server.connect()) {
      long started = System.nanoTime();
      boolean closed = false;
      for (int i = 0; i < 40 && !closed; i++) { // a byte every 100 ms would never trip an idle timer
        try {
          http.send("X");
          Thread.sleep(100);
        } catch (java.io.IOException e) {
          closed = true;
        }
      }
      assertThat(closed || http.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void closesIdleKeepAliveConnections() throws Exception {
    try (RunningServer server = server(Duration.ofSeconds(1), 100); RawHttp http = server.connect()) {
      assertThat(http.exchange("GET", "/ping", null, null).status()).isEqualTo(200);
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void servesOthersWhileThousandsOfConnectionsIdleAndOneStalls() throws Exception {
    List<RawHttp> idle = new ArrayList<>();
    try (RunningServer server = server(Duration.ofSeconds(30), 5000)) {
      try {
        for (int i = 0; i < 2000; i++) {
          idle.add(server.connect());
        }
        RawHttp stalled = server.connect();
        idle.add(stalled);
        stalled.send("POST /sonar-reading HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n[");
        try (RawHttp http = server.connect()) {
          long started = System.nanoTime();
          assertThat(http.postJson("/sonar-reading", IngestHttpTest.reading("cl", "h")).status()).isEqualTo(200);
          assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
        assertThat(server.server.connections()).isGreaterThanOrEqualTo(2001);
      } finally {
        for (RawHttp connection : idle) {
          connection.close();
        }
      }
    }
  }

  @Test
  void closesConnectionsBeyondTheLimitAndTakesNewOnesOnceBelowIt() throws Exception {
    try (RunningServer server = server(Duration.ofSeconds(30), 3)) {
      List<RawHttp> open = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        open.add(server.connect());
        assertThat(open.get(i).exchange("GET", "/ping", null, null).status()).isEqualTo(200);
      }
      try (RawHttp extra = server.connect()) {
        assertThat(extra.closedByServer()).isTrue();
      }
      open.remove(0).close();
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (server.server.connections() >= 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      try (RawHttp again = server.connect()) {
        assertThat(again.exchange("GET", "/ping", null, null).status()).isEqualTo(200);
      }
      assertThat(server.log.lines()).contains("WARNING refusing connections: 3 are open, the limit");
      for (RawHttp connection : open) {
        connection.close();
      }
    }
  }
}
