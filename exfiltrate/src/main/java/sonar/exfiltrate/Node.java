package sonar.exfiltrate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import sonar.exfiltrate.send.Sleeper;

/**
 * What a run takes from the node it runs on: environment, user, process id, clock, randomness and a way
 * to wait. Tests pass their own. Immutable, but for the random generator, which one run owns.
 *
 * @param root whether the run is root's, which decides the default spool directory
 */
record Node(Map<String, String> environment, boolean root, Path home, long pid, Clock clock,
    RandomGenerator random, Sleeper sleeper) {

  static Node system() {
    Map<String, String> environment = System.getenv();
    // $HOME, as the shell's ~ means it; the JVM's user.home comes from the password file instead.
    Path home = Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")));
    return new Node(environment, "root".equals(System.getProperty("user.name")), home, currentPid(),
        Clock.systemUTC(), new SplittableRandom(), Sleeper.SYSTEM);
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
