package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.RunningServer;

/**
 * One sender's bad request is answered alone: under load from several connections, the others keep
 * getting 200 and their records are stored. Pins the bug where a host given as a lone surrogate passed
 * the checks, threw in the store's writer and failed the whole commit group with 503.
 */
class IsolationTest {

  private static final int GOOD_CLIENTS = 4;
  private static final int REQUESTS_PER_CLIENT = 150;

  @TempDir
  Path data;

  @Test
  void aHostThatCannotBeAFileNameGets400WhileOtherSendersKeepGetting200() throws Exception {
    Map<Integer, Integer> goodStatuses = new ConcurrentHashMap<>();
    List<RawHttp.Response> badAnswers = new CopyOnWriteArrayList<>();
    try (RunningServer server = new RunningServer(data)) {
      List<Thread> clients = new ArrayList<>();
      for (int client = 0; client < GOOD_CLIENTS; client++) {
        int id = client;
        clients.add(new Thread(() -> send(server.port(), i -> reading("h" + id, id * 1_000_000L + i),
            response -> goodStatuses.merge(response.status(), 1, Integer::sum)), "good-" + id));
      }
      clients.add(new Thread(() -> send(server.port(), i -> reading("\\ud800", i), badAnswers::add), "bad"));
      clients.forEach(Thread::start);
      for (Thread client : clients) {
        client.join(60_000);
      }
      assertThat(server.log.lines()).noneMatch(line -> line.startsWith("ERROR"));
    }
    assertThat(goodStatuses).isEqualTo(Map.of(200, GOOD_CLIENTS * REQUESTS_PER_CLIENT));
    assertThat(badAnswers).hasSize(REQUESTS_PER_CLIENT).allSatisfy(response -> {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.body()).isEqualTo("record 1: host \"\\ud800\" must not contain unpaired surrogates\n");
    });
    try (Stream<Path> files = Files.walk(data.resolve("cl"))) {
      assertThat(files.filter(Files::isRegularFile).mapToLong(IsolationTest::lines).sum())
          .isEqualTo(GOOD_CLIENTS * REQUESTS_PER_CLIENT);
    }
  }

  private interface Body {
    String of(int request);
  }

  private interface Answers {
    void add(RawHttp.Response response);
  }

  private static void send(int port, Body body, Answers answers) {
    try (RawHttp http = new RawHttp(port)) {
      for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
        answers.add(http.postJson("/sonar-reading", body.of(i)));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One reading; {@code host} goes into the JSON as it is, escapes included. */
  private static String reading(String host, long job) {
    return "[{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",\"cluster\":\"cl\",\"host\":\"" + host
        + "\",\"cores\":8,\"user\":\"u\",\"job\":" + job + ",\"cmd\":\"c\",\"cpu%\":1.5}]";
  }

  private static long lines(Path file) {
    try {
      return Files.readAllLines(file).size();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
