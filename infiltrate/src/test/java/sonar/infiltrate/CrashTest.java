package sonar.infiltrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonar.infiltrate.testing.RawHttp;
import sonar.testkit.InfiltrateProcess;

/**
 * kill -9 during load from several connections: every acknowledged record is kept, whole, once; and with
 * idempotency keys, every request sent again after the restart is stored once, whether or not its first
 * copy was.
 */
class CrashTest {

  private static final int CLIENTS = 6;
  private static final int RECORDS_PER_REQUEST = 10;
  private static final int KILL_AFTER_REQUESTS = 10_000;
  private static final Pattern LINE = Pattern.compile(
      "v=0\\.7\\.0,time=2023-10-11T13:30:02\\+02:00,host=h\\d,cores=8,user=u,job=(\\d+),pid=0,cmd=c,cpu%=1\\.5,"
          + "cpukib=0,gpus=,gpu%=0,gpumem%=0,gpukib=0,gpufail=0,cputime_sec=0,rolledup=0");

  @TempDir
  Path data;

  @Test
  void acknowledgedRecordsSurviveKill() throws Exception {
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger requests = new AtomicInteger();
    // Checkpoints every second, so the crash finds both retired and live journal segments.
    try (InfiltrateProcess server = InfiltrateProcess.start("-data-path", data.toString(), "-port", "0",
        "-checkpoint-interval", "1")) {
      List<Thread> clients = posting(server.port(), acknowledged, requests);
      killDuring(server, clients, () -> requests.get() >= KILL_AFTER_REQUESTS);
    }
    assertThat(requests.get()).as("requests acknowledged before the kill").isGreaterThan(1000);
    assertStoredOnceAfterRestart(acknowledged);
  }

  @Test
  void acknowledgedRecordsSurviveKillInAJournalSegmentWrittenOverARetiredOne() throws Exception {
    Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger requests = new AtomicInteger();
    Set<Object> spares = new HashSet<>();
    try (InfiltrateProcess server = InfiltrateProcess.start("-data-path", data.toString(), "-port", "0",
        "-checkpoint-interval", "1")) {
      List<Thread> clients = posting(server.port(), acknowledged, requests);
      AtomicInteger reusedAt = new AtomicInteger(-1);
      killDuring(server, clients, () -> {
        if (reusedAt.get() < 0 && anyFileReused(spares)) {
          reusedAt.set(requests.get());
        }
        return reusedAt.get() >= 0 && requests.get() >= reusedAt.get() + 500;
      }, Duration.ofSeconds(60));
      assertThat(reusedAt.get()).as("requests acknowledged when a segment was first written over").isNotNegative();
    }
    assertStoredOnceAfterRestart(acknowledged);
  }

  /** Whether a journal segment is now the file of a spare seen before: a retired segment written over. */
  private boolean anyFileReused(Set<Object> spares) {
    try {
      try (Stream<Path> files = Files.list(data.resolve(".infiltrate/spare"))) {
        for (Path spare : files.toList()) {
          spares.add(Files.getAttribute(spare, "unix:ino"));
        }
      }
      try (Stream<Path> segments = Files.list(data.resolve(".infiltrate/journal"))) {
        for (Path segment : segments.toList()) {
          if (spares.contains(Files.getAttribute(segment, "unix:ino"))) {
            return true;
          }
        }
      }
    } catch (IOException e) {
      return false; // a file renamed while listed: look again next time
    }
    return false;
  }

  private void assertStoredOnceAfterRestart(Set<Long> acknowledged) throws Exception {
    try (InfiltrateProcess restarted = InfiltrateProcess.start("-data-path", data.toString(), "-port", "0")) {
      assertThat(restarted.stderr()).anySatisfy(line -> assertThat(line).contains("INFO replayed "));
      restarted.signal("TERM");
      assertThat(restarted.waitFor(Duration.ofSeconds(30))).isZero();
    }

    Map<Long, Integer> stored = storedJobs();
    Set<Long> lost = new HashSet<>(acknowledged);
    lost.removeAll(stored.keySet());
    assertThat(lost).as("acknowledged but not stored").isEmpty();
    assertThat(stored.entrySet()).filteredOn(entry -> entry.getValue() != 1).as("stored more than once").isEmpty();
  }

  @Test
  void requestsResentAfterAKillAreStoredOnceWithTheirIdempotencyKeys() throws Exception {
    Map<Integer, AtomicInteger> sent = new ConcurrentHashMap<>();
    AtomicInteger requests = new AtomicInteger();
    try (InfiltrateProcess server = InfiltrateProcess.start("-data-path", data.toString(), "-port", "0",
        "-checkpoint-interval", "1")) {
      List<Thread> clients = new ArrayList<>();
      for (int client = 0; client < CLIENTS; client++) {
        int id = client;
        AtomicInteger attempted = sent.computeIfAbsent(id, any -> new AtomicInteger());
        clients.add(new Thread(() -> postKeyed(server.port(), id, Long.MAX_VALUE, attempted, requests), "client-"
            + id));
      }
      killDuring(server, clients, () -> requests.get() >= KILL_AFTER_REQUESTS / 4);
    }
    assertThat(requests.get()).as("requests acknowledged before the kill").isGreaterThan(1000);

    // As senders whose answers were lost: everything sent, stored or not, is sent again.
    AtomicInteger resent = new AtomicInteger();
    try (InfiltrateProcess restarted = InfiltrateProcess.start("-data-path", data.toString(), "-port", "0")) {
      List<Thread> clients = new ArrayList<>();
      for (int client = 0; client < CLIENTS; client++) {
        int id = client;
        long count = sent.get(id).get();
        clients.add(new Thread(() -> postKeyed(restarted.port(), id, count, new AtomicInteger(), resent)));
      }
      clients.forEach(Thread::start);
      for (Thread thread : clients) {
        thread.join(60_000);
      }
      restarted.signal("TERM");
      assertThat(restarted.waitFor(Duration.ofSeconds(30))).isZero();
    }
    int total = sent.values().stream().mapToInt(AtomicInteger::get).sum();
    assertThat(resent.get()).as("resent requests answered 200").isEqualTo(total);
    Map<Long, Integer> stored = storedJobs();
    assertThat(stored).hasSize(total * RECORDS_PER_REQUEST);
    assertThat(stored.entrySet()).filteredOn(entry -> entry.getValue() != 1).as("stored more than once").isEmpty();
  }

  private static void killDuring(InfiltrateProcess server, List<Thread> clients, BooleanSupplier due)
      throws Exception {
    killDuring(server, clients, due, Duration.ofSeconds(20));
  }

  /** Starts the clients, kills the server with -9 once it is due (or the time is up), and waits for them. */
  private static void killDuring(InfiltrateProcess server, List<Thread> clients, BooleanSupplier due, Duration most)
      throws Exception {
    clients.forEach(Thread::start);
    long deadline = System.nanoTime() + most.toNanos();
    while (!due.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    server.signal("KILL");
    assertThat(server.waitFor(Duration.ofSeconds(10))).isEqualTo(137);
    for (Thread thread : clients) {
      thread.join(10_000);
    }
  }

  /** Clients, not yet started, that each post as {@link #post} does. */
  private static List<Thread> posting(int port, Set<Long> acknowledged, AtomicInteger requests) {
    List<Thread> clients = new ArrayList<>();
    for (int client = 0; client < CLIENTS; client++) {
      int id = client;
      clients.add(new Thread(() -> post(port, id, acknowledged, requests), "client-" + id));
    }
    return clients;
  }

  /** Posts batches of records with unique job numbers until the connection fails. */
  private static void post(int port, int client, Set<Long> acknowledged, AtomicInteger requests) {
    try (RawHttp http = new RawHttp(port)) {
      for (long sequence = 0; ; sequence++) {
        List<Long> jobs = new ArrayList<>();
        if (http.postJson("/sonar-reading", body(client, sequence, jobs)).status() == 200) {
          acknowledged.addAll(jobs);
          requests.incrementAndGet();
        }
      }
    } catch (IOException e) {
      // The server was killed: this client is done.
    }
  }

  /**
   * Posts a client's first batches, each with an idempotency key of its own, until done or the connection
   * fails; counts those it sent and those answered 200.
   */
  private static void postKeyed(int port, int client, long batches, AtomicInteger sent, AtomicInteger stored) {
    try (RawHttp http = new RawHttp(port)) {
      for (long sequence = 0; sequence < batches; sequence++) {
        String body = body(client, sequence, new ArrayList<>());
        sent.incrementAndGet();
        if (http.postJson("/sonar-reading", body, "Idempotency-Key: c" + client + "-" + sequence).status() == 200) {
          stored.incrementAndGet();
        }
      }
    } catch (IOException e) {
      // The server was killed: this client is done.
    }
  }

  /** A batch of records with job numbers of its own, which it adds to jobs. */
  private static String body(int client, long sequence, List<Long> jobs) {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
      long job = client * 10_000_000L + sequence * RECORDS_PER_REQUEST + i;
      jobs.add(job);
      body.append(i == 0 ? "" : ",").append("{\"version\":\"0.7.0\",\"time\":\"2023-10-11T13:30:02+02:00\",")
          .append("\"cluster\":\"cl\",\"host\":\"h").append(job % 4).append("\",\"cores\":8,\"user\":\"u\",")
          .append("\"job\":").append(job).append(",\"cmd\":\"c\",\"cpu%\":1.5}");
    }
    return body.append("]").toString();
  }

  /** Each stored job with its number of copies; fails on any line that is not a whole record. */
  private Map<Long, Integer> storedJobs() throws IOException {
    Map<Long, Integer> jobs = new HashMap<>();
    try (Stream<Path> files = Files.walk(data.resolve("cl"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).as(file.toString()).endsWith("\n");
        List<String> torn = new ArrayList<>();
        for (String line : content.split("\n")) {
          Matcher matcher = LINE.matcher(line);
          if (matcher.matches()) {
            jobs.merge(Long.parseLong(matcher.group(1)), 1, Integer::sum);
          } else {
            torn.add(line);
          }
        }
        assertThat(torn).as("lines that are not whole records").isEmpty();
      }
    }
    return jobs;
  }
}
