package sonar.exfiltrate.send;

import java.time.Duration;

/** Waits; tests pass one that only moves their clock on. */
@FunctionalInterface
public interface Sleeper {

  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
