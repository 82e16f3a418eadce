package sonar.exfiltrate;

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
    return new Node(System.getenv(), "root".equals(System.getProperty("user.name")),
        Path.of(System.getProperty("user.home")), ProcessHandle.current().pid(), Clock.systemUTC(),
        new SplittableRandom(), Sleeper.SYSTEM);
  }
}
