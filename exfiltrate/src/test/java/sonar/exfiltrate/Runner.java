package sonar.exfiltrate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import sonar.exfiltrate.testing.Exfiltrate;
import sonar.testkit.TestClock;

/**
 * Runs the sender in the test's JVM as cron would run it, with a clock that only its waits move (so
 * backoff costs no real time), and a spool in the test's directory. Thread-safe.
 */
final class Runner {

  static final Instant START = Instant.parse("2024-03-01T10:00:00Z");
  /** The node's name, as it goes into idempotency keys. */
  static final String HOST = "n1.example.org";

  final TestClock clock = new TestClock(START);
  final Path home;
  final Path spool;
  private final AtomicLong pids = new AtomicLong(1000);
  /** The environment of the runs: empty unless a test sets it. */
  volatile Map<String, String> environment = Map.of();

  Runner(Path directory) {
    this.home = directory.resolve("home");
    this.spool = directory.resolve("spool");
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A run with {@code -window 0 -cluster cl1 -spool-dir <spool>}, sending to target, and more flags. */
  Exfiltrate send(String target, byte[] input, String... flags) {
    List<String> args = new ArrayList<>(List.of("-window", "0", "-cluster", "cl1", "-spool-dir", spool.toString()));
    if (target != null) {
      args.add("-target");
      args.add(target);
    }
    args.addAll(List.of(flags));
    return run(input, args.toArray(String[]::new));
  }

  Exfiltrate send(String target, String input, String... flags) {
    return send(target, input.getBytes(StandardCharsets.UTF_8), flags);
  }

  /** A run with exactly these arguments. */
  Exfiltrate run(byte[] input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Node node = new Node(environment, "alice", home, HOST, pids.incrementAndGet(), clock, new SplittableRandom(7),
        clock::advance);
    int status;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, new ByteArrayInputStream(input), outStream, errStream, node);
    }
    return new Exfiltrate(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** csvnamed lines of readings with pids first to last, one host, for tests that count what arrived. */
  static String readings(int first, int last) {
    StringBuilder lines = new StringBuilder();
    for (int pid = first; pid <= last; pid++) {
      lines.append("v=0.7.0,time=2024-03-01T09:55:00+00:00,host=n1,cores=8,user=alice,job=42,pid=").append(pid)
          .append(",cmd=sim,cpu%=99.5\n");
    }
    return lines.toString();
  }
}
