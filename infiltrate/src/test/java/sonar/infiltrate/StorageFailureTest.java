package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;

/** A storage failure that lasts is reported for what it affects until it ends, whatever else succeeds. */
class StorageFailureTest {

  @TempDir
  Path data;

  /**
   * Pins the bug where, with a file in the way of one cluster, any write to another cluster logged
   * "storage recovered" and made /ping answer 200, so the log alternated on every request.
   */
  @Test
  void aClusterThatCannotBeStoredIsReportedOnceUntilItRecoversWhileOthersAreStored() throws Exception {
    Files.createDirectories(data.resolve("cw"));
    Files.writeString(data.resolve("cw/2023"), "a file where a directory should be");
    try (RunningServer server = new RunningServer(data);
        RawHttp http = server.connect()) {
      for (int i = 0; i < 3; i++) {
        RawHttp.Response refused = http.postJson("/sonar-reading", reading("cw", i));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo("cannot store data now: cw/2023 exists and is not a directory\n");
        assertThat(http.postJson("/sonar-reading", reading("ok", i)).status()).isEqualTo(200);
      }
      RawHttp.Response ping = http.exchange("GET", "/ping", null, null);
      assertThat(ping.status()).isEqualTo(503);
      assertThat(ping.body())
          .isEqualTo("cannot store data now for cluster cw: cw/2023 exists and is not a directory\n");
      assertThat(http.exchange("GET", "/status", null, null).body()).contains(
          "storage: FAILING: cannot store data now for cluster cw: cw/2023 exists and is not a directory\n");
      assertThat(server.log.lines()).filteredOn(line -> line.contains("storage")).containsExactly(
          "WARNING storage failing: cw/2023 exists and is not a directory (answering 503 until it recovers)");

      Files.delete(data.resolve("cw/2023"));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (http.exchange("GET", "/ping", null, null).status() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(20); // the store probes by itself, once a second
      }
      assertThat(http.exchange("GET", "/ping", null, null).body()).isEqualTo("ok\n");
      assertThat(server.log.lines()).filteredOn(line -> line.contains("storage")).hasSize(2).last().asString()
          .matches("INFO storage recovered after \\d+ failed attempts: cw/2023 exists and is not a directory");
      assertThat(http.postJson("/sonar-reading", reading("cw", 9)).status()).isEqualTo(200);
    }
  }

  private static String reading(String cluster, long job) {
    return "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",\"cluster\":\"" + cluster
        + "\",\"host\":\"h\",\"cores\":8,\"user\":\"u\",\"job\":" + job + ",\"cmd\":\"c\",\"cpu%\":1.5}]";
  }
}
