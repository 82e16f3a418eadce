package sonar.infiltrate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.ingest.Intake;
import sonar.infiltrate.log.RefusalLog;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.store.Store;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.LogLines;
import sonar.testkit.Trees;

/** Regression: a request taken in after shutdown stopped waiting for answers was stored but never answered. */
class ShutdownTest {

  @TempDir
  Path data;

  @Test
  void answersRequestsThatArriveWhileStoppingWith503AndStoresNothing() throws Exception {
    LogLines log = new LogLines();
    Metrics metrics = new Metrics(Clock.systemUTC(), "test");
    try (Store store = Store.open(data, StoreSettings.DEFAULTS, log.log())) {
      RequestLog requestLog = new RequestLog(log.log(), metrics, new RefusalLog(log.log(), Clock.systemUTC()), false);
      IngestHandler ingest = new IngestHandler(Access.everyone(), Intake.storing(store), metrics, requestLog,
          Runnable::run);
      EmbeddedChannel channel = new EmbeddedChannel(ingest);
      InFlight inFlight = new InFlight(1 << 20);
      ingest.stop();

      FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/sonar-reading",
          Unpooled.copiedBuffer(IngestHttpTest.reading("cl", "h"), StandardCharsets.UTF_8));
      channel.attr(Exchange.KEY).set(new Exchange(channel, request,
          new Admission.Admitted(Endpoint.READINGS, "", 1 << 20), requestLog, inFlight));
      channel.writeInbound(request);

      FullHttpResponse response = channel.readOutbound();
      assertThat(response.status().code()).isEqualTo(503);
      assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
      assertThat(response.content().toString(StandardCharsets.UTF_8))
          .isEqualTo("the server is shutting down; try again shortly\n");
      response.release();
      assertThat(inFlight.requests()).isZero();
      channel.finishAndReleaseAll();
    }
    assertThat(Trees.read(data)).isEmpty();
  }
}
