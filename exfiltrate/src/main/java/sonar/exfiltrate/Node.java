package sonar.exfiltrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import sonar.exfiltrate.send.Sleeper;

/**
 * What a run takes from the node it runs on: environment, user, home, host name, process id, clock,
 * randomness and a way to wait. Tests pass their own. Immutable, but for the random generator, which one
 * run owns.
 *
 * @param user the user the run is, which decides the default spool directory
 * @param host this node's name, which goes into every batch's idempotency key
 */
record Node(Map<String, String> environment, String user, Path home, String host, long pid, Clock clock,
    RandomGenerator random, Sleeper sleeper) {

  static Node system() {
    Map<String, String> environment = System.getenv();
    // $HOME, as the shell's ~ means it; the JVM's user.home comes from the password file instead.
    Path home = Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")));
    return new Node(environment, System.getProperty("user.name"), home, hostName(environment), currentPid(),
        Clock.systemUTC(), new SplittableRandom(), Sleeper.SYSTEM);
  }

  boolean root() {
    return "root".equals(user);
  }

  /**
   * The kernel's host name, as {@code hostname} prints it: looking it up through the network classes can
   * wait for a name server, and costs a short run more than reading a file.
   */
  private static String hostName(Map<String, String> environment) {
    try {
      String name = new String(Files.readAllBytes(Path.of("/proc/sys/kernel/hostname")), StandardCharsets.UTF_8)
          .strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      // Not Linux: below.
    }
    return environment.getOrDefault("HOSTNAME", "unknown-host");
  }

  /**
   * This process's id from {@code /proc/self}: {@link ProcessHandle} starts a thread pool when first used,
   * which costs a short run a noticeable share of its CPU time.
   */
  private static long currentPid() {
    try {
      return Long.parseLong(Path.of("/proc/self").toRealPath().getFileName().toString());
    } catch (IOException | RuntimeException e) { // not Linux: the portable way
      return ProcessHandle.current().pid();
    }
  }
}
