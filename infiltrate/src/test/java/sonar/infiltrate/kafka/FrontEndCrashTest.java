package sonar.infiltrate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.store.Store;
import sonar.infiltrate.store.StoreSettings;
import sonar.infiltrate.testing.Eventually;
import sonar.infiltrate.testing.KafkaBroker;
import sonar.infiltrate.testing.LogLines;
import sonar.infiltrate.testing.RawHttp;
import sonar.infiltrate.testing.WithKafka;
import sonar.testkit.InfiltrateProcess;

/**
 * kill -9 of a front end at random moments under load from several connections, several rounds: every
 * request answered 200 is stored exactly once once the consumer has caught up; and a sender that sends
 * again what got no answer, with the same Idempotency-Key, through a new front end has everything stored
 * exactly once.
 */
@ExtendWith(WithKafka.class)
class FrontEndCrashTest {

  private static final int CLIENTS = 4;
  private static final int ROUNDS = 3;
  private static final int RECORDS_PER_REQUEST = 5;
  private static final Pattern JOB = Pattern.compile("^v=0\\.7\\.0,time=2023-10-11T13:30:02\\+02:00,host=h\\d,cores=8,"
      + "user=u,job=(\\d+),pid=0,cmd=c,cpu%=1\\.5,cpukib=0,gpus=,gpu%=0,gpumem%=0,gpukib=0,gpufail=0,cputime_sec=0,"
      + "rolledup=0$");

  @TempDir
  Path data;
  @TempDir
  Path unused;
  private final String prefix = "f" + UUID.randomUUID().toString().substring(0, 8);
  private final Random random = new Random();
  /** Per client, the next request to send, and which were answered 200. */
  private final Map<Integer, AtomicInteger> next = new ConcurrentHashMap<>();
  private final Set<String> answered = ConcurrentHashMap.newKeySet();

  @Test
  void everyRequestAnswered200IsStoredOnceWhateverMomentTheFrontEndIsKilledAt(KafkaBroker kafka) throws Exception {
    LogLines logs = new LogLines();
    Metrics metrics = new Metrics(Clock.systemUTC(), "test");
    try (Store store = Store.open(data, StoreSettings.DEFAULTS, logs.log(), metrics);
        StreamConsumer consumer = StreamConsumer.start(KafkaSettings.builder(kafka.bootstrap()).group(prefix)
            .topicPrefix(prefix).topicRefresh(Duration.ofSeconds(1)).build(), data, store, metrics, logs.log(),
            Clock.systemUTC())) {
      for (int round = 0; round < ROUNDS; round++) {
        int before = answered.size();
        try (InfiltrateProcess frontEnd = frontEnd(kafka)) {
          List<Thread> clients = new ArrayList<>();
          for (int client = 0; client < CLIENTS; client++) {
            int id = client;
            clients.add(new Thread(() -> post(frontEnd.port(), id, Integer.MAX_VALUE), "client-" + id));
          }
          clients.forEach(Thread::start);
          Eventually.await(Duration.ofSeconds(60), "requests answered in round " + round,
              () -> answered.size() > before + 50);
          Thread.sleep(random.nextInt(500)); // a random moment: not a wait for anything
          frontEnd.signal("KILL");
          assertThat(frontEnd.waitFor(Duration.ofSeconds(10))).isEqualTo(137);
          for (Thread client : clients) {
            client.join(30_000);
          }
        }
      }
      Set<String> answeredBeforeResending = Set.copyOf(answered);
      Eventually.await(Duration.ofSeconds(120), "every answered request stored",
          () -> storedRequests().keySet().containsAll(answeredBeforeResending));
      assertThat(storedRequests().values()).as("copies of each stored request").containsOnly(RECORDS_PER_REQUEST);

      // As senders whose answers were lost: everything, up to the request in flight at the last kill, is
      // sent again with its key.
      try (InfiltrateProcess frontEnd = frontEnd(kafka)) {
        List<Thread> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
          int id = client;
          int sent = next.get(id).get() + 1;
          next.get(id).set(0);
          clients.add(new Thread(() -> post(frontEnd.port(), id, sent), "resend-" + id));
        }
        clients.forEach(Thread::start);
        for (Thread client : clients) {
          client.join(60_000);
        }
      }
      int sent = next.values().stream().mapToInt(AtomicInteger::get).sum();
      assertThat(answered).hasSize(sent);
      Eventually.await(Duration.ofSeconds(120), "every request sent stored", () -> storedRequests().size() == sent);
      assertThat(storedRequests().values()).as("copies of each stored request").containsOnly(RECORDS_PER_REQUEST);
    }
  }

  private InfiltrateProcess frontEnd(KafkaBroker kafka) throws IOException, InterruptedException {
    return InfiltrateProcess.start("-data-path", unused.toString(), "-port", "0", "-kafka-publish",
        "-kafka-brokers", kafka.bootstrap(), "-kafka-topic-prefix", prefix);
  }

  /** Posts a client's requests in order, each with a key of its own, until done or the connection fails. */
  private void post(int port, int client, int requests) {
    AtomicInteger sequence = next.computeIfAbsent(client, any -> new AtomicInteger());
    try (RawHttp http = new RawHttp(port)) {
      for (int request = sequence.get(); request < requests; request = sequence.incrementAndGet()) {
        String key = client + "-" + request;
        if (http.postJson("/sonar-reading", body(client, request), "Idempotency-Key: " + key).status() == 200) {
          answered.add(key);
        }
      }
    } catch (IOException e) {
      // The front end was killed: this client is done for the round.
    }
  }

  private static String body(int client, int request) {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
      long job = (client * 1_000_000L + request) * RECORDS_PER_REQUEST + i;
      body.append(i == 0 ? "" : ",").append("{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",")
          .append("\"cluster\":\"cl\",\"host\":\"h").append(client).append("\",\"cores\":8,\"user\":\"u\",")
          .append("\"job\":").append(job).append(",\"cmd\":\"c\",\"cpu%\":1.5}");
    }
    return body.append("]").toString();
  }

  /** Per request stored ("client-request"), its records found; fails on a line that is no whole record. */
  private Map<String, Integer> storedRequests() {
    Map<String, Integer> requests = new HashMap<>();
    Path cluster = data.resolve("cl");
    if (!Files.isDirectory(cluster)) {
      return requests;
    }
    try (Stream<Path> files = Files.walk(cluster)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        for (String line : content.substring(0, content.lastIndexOf('\n') + 1).split("\n")) {
          if (line.isEmpty()) {
            continue;
          }
          Matcher matcher = JOB.matcher(line);
          assertThat(matcher.matches()).as("a whole record: " + line).isTrue();
          long request = Long.parseLong(matcher.group(1)) / RECORDS_PER_REQUEST;
          requests.merge(request / 1_000_000 + "-" + request % 1_000_000, 1, Integer::sum);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return requests;
  }
}
