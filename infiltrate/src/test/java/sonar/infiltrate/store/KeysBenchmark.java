package sonar.infiltrate.store;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import sonar.infiltrate.log.Log;

/**
 * What idempotency keys cost, for a site whose nodes each send one batch every interval: heap per key,
 * a lookup, the hash of a request's key, the ledger file's bytes per key and its reading at start. Run
 * by {@code bench/keys.sh}; not a test.
 */
final class KeysBenchmark {

  private KeysBenchmark() {}

  public static void main(String[] args) throws Exception {
    int nodes = Integer.parseInt(args.length > 0 ? args[0] : "5000");
    int intervalSeconds = Integer.parseInt(args.length > 1 ? args[1] : "300");
    long perDay = (long) nodes * 86_400 / intervalSeconds;
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    Log log = new Log(line -> { }, java.time.Clock.systemUTC());
    long start = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
    long step = 86_400_000L / perDay;
    out.printf("%,d nodes, one batch each every %d s: %,d keys in a 24 h window%n", nodes, intervalSeconds, perDay);

    long hashStart = System.nanoTime();
    IdempotencyKey[] keys = new IdempotencyKey[(int) perDay];
    for (int i = 0; i < perDay; i++) {
      keys[i] = IdempotencyKey.of("cluster-" + (i % 7), List.of("node" + (i % nodes) + "-1714521600-" + i + "-9f3a0c"));
    }
    out.printf("hashing a request's key: %.0f ns%n", (System.nanoTime() - hashStart) / (double) perDay);

    long before = usedHeap();
    IdempotencyKeys kept = new IdempotencyKeys(Duration.ofHours(24), perDay + 1, log);
    long applyStart = System.nanoTime();
    for (int i = 0; i < perDay; i++) {
      kept.apply(start + i * step, keys[i].mark());
    }
    double applyNanos = (System.nanoTime() - applyStart) / (double) perDay;
    long after = usedHeap();
    out.printf("heap: %.1f bytes a key, %.1f MiB for the window (adding a key: %.0f ns)%n",
        (after - before) / (double) perDay, (after - before) / 1048576.0, applyNanos);

    SplittableRandom random = new SplittableRandom(1);
    int lookups = 200_000;
    long found = 0;
    long lookupStart = System.nanoTime();
    for (int i = 0; i < lookups; i++) {
      found += kept.contains(keys[random.nextInt((int) perDay)]) ? 1 : 0;
    }
    double hitNanos = (System.nanoTime() - lookupStart) / (double) lookups;
    IdempotencyKey absent = IdempotencyKey.of("nobody", List.of("never-sent"));
    lookupStart = System.nanoTime();
    for (int i = 0; i < lookups; i++) {
      found += kept.contains(absent) ? 1 : 0;
    }
    double missNanos = (System.nanoTime() - lookupStart) / (double) lookups;
    out.printf("lookup: %.0f ns for a key kept, %.0f ns for a new one (%d found)%n", hitNanos, missNanos, found);

    Path directory = Files.createTempDirectory("keys-bench");
    Path file = directory.resolve("idempotency-keys");
    int perCheckpoint = (int) Math.max(1, perDay * 30 / 86_400);
    try (LedgerFile ledger = LedgerFile.open(file, group -> { })) {
      List<Mark.Group> groups = new ArrayList<>();
      for (int i = 0; i < perDay; i += perCheckpoint) {
        List<Mark> marks = new ArrayList<>();
        for (int j = i; j < Math.min(perDay, i + perCheckpoint); j++) {
          marks.add(keys[j].mark());
        }
        groups.add(new Mark.Group(start + i * step, marks));
      }
      ledger.append(groups);
    }
    long bytes = Files.size(file);
    long loadStart = System.nanoTime();
    IdempotencyKeys loaded = new IdempotencyKeys(Duration.ofHours(24), perDay + 1, log);
    LedgerFile.open(file, group -> group.marks().forEach(mark -> loaded.apply(group.time(), mark))).close();
    out.printf("ledger file: %.1f bytes a key, %.1f MiB for the window (up to twice that before a rewrite); "
        + "read at start in %d ms%n", bytes / (double) perDay, bytes / 1048576.0,
        (System.nanoTime() - loadStart) / 1_000_000);
    Files.delete(file);
    Files.delete(directory);
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
