package sonar.infiltrate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.ingest.Accepted;
import sonar.infiltrate.ingest.Intake;
import sonar.infiltrate.log.RefusalLog;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.metrics.Monitoring;
import sonar.infiltrate.metrics.StatusPage;
import sonar.infiltrate.store.Store;
import sonar.infiltrate.testing.Eventually;
import sonar.infiltrate.testing.LogLines;
import sonar.infiltrate.testing.RawHttp;

/**
 * Regression: a request whose client closed the connection while it was being decoded or stored gave its
 * memory back at the close, though its body stayed on the heap until stored, so the budget let in more
 * than the heap held. Under a flood of large envelopes whose clients gave up, the server ran out of heap.
 */
class AbandonedRequestTest {

  /** Holds every request it is given until the test lets it go. */
  private static final class HeldIntake implements Intake {
    private final BlockingQueue<Consumer<Store.Outcome>> held = new ArrayBlockingQueue<>(8);

    @Override
    public Store.Admission submit(Accepted request, Consumer<Store.Outcome> done) {
      held.add(done);
      return Store.Admission.ACCEPTED;
    }

    /** Says the oldest request held is stored. */
    void storeNext() throws InterruptedException {
      Consumer<Store.Outcome> done = held.poll(10, TimeUnit.SECONDS);
      assertThat(done).as("a request handed to the intake").isNotNull();
      done.accept(Store.Outcome.STORED);
    }

    @Override
    public String problem() {
      return null;
    }

    @Override
    public long queuedBytes() {
      return 0;
    }

    @Override
    public int openFiles() {
      return 0;
    }
  }

  @Test
  void keepsTheMemoryOfARequestWhoseClientLeftCountedUntilItIsStored() throws Exception {
    byte[] first = IngestHttpTest.reading("cl", "h1").getBytes(StandardCharsets.UTF_8);
    byte[] second = IngestHttpTest.reading("cl", "h2").getBytes(StandardCharsets.UTF_8);
    long held = InFlight.heapFor(false, first.length, first.length);
    // Room for one of the two bodies, not both.
    HttpSettings settings = HttpSettings.builder().httpPort(0).bodyMemoryBytes(held + held / 2).build();
    HeldIntake intake = new HeldIntake();
    HttpServer server = serve(settings, intake);
    try {
      try (RawHttp client = new RawHttp(server.port())) {
        client.sendRequest("POST", "/sonar-reading", first, "application/json");
        Eventually.await(Duration.ofSeconds(10), "the request handed to the intake", () -> !intake.held.isEmpty());
      }
      Eventually.await(Duration.ofSeconds(10), "the server seeing the connection closed",
          () -> metrics(server).contains("\ninfiltrate_connections 1.0\n")); // the scrape's own
      assertThat(metrics(server)).contains("\ninfiltrate_requests_in_flight 1.0\n",
          "\ninfiltrate_body_memory_bytes " + (double) held + "\n");

      try (RawHttp client = new RawHttp(server.port())) {
        assertThat(client.postJson("/sonar-reading", second).status()).isEqualTo(503);
      }

      intake.storeNext(); // its answer goes nowhere, and gives its memory back
      assertThat(metrics(server)).contains("\ninfiltrate_requests_in_flight 0.0\n",
          "\ninfiltrate_body_memory_bytes 0.0\n");
      try (RawHttp client = new RawHttp(server.port())) {
        client.sendRequest("POST", "/sonar-reading", second, "application/json");
        intake.storeNext();
        assertThat(client.read().status()).isEqualTo(200);
      }
    } finally {
      server.close(Duration.ofSeconds(5));
    }
  }

  private static HttpServer serve(HttpSettings settings, Intake intake) throws IOException {
    LogLines log = new LogLines();
    Metrics metrics = new Metrics(Clock.systemUTC(), "test");
    RefusalLog refusals = new RefusalLog(log.log(), Clock.systemUTC());
    StatusPage status = new StatusPage("test", "a test server", Clock.systemUTC(), metrics, intake::problem,
        log.log()::recentProblems, refusals::recent, null);
    HttpServer server = new HttpServer(settings, Access.everyone(), null, null, intake,
        new Monitoring(metrics, status, refusals), log.log(), /* dashboard= */ null);
    server.start();
    return server;
  }

  private static String metrics(HttpServer server) {
    try (RawHttp client = new RawHttp(server.port())) {
      return client.exchange("GET", "/metrics", null, null).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
