package sonar.exfiltrate.send;

import java.time.Duration;

/** Waits; tests pass one that only moves their clock on. */
@FunctionalInterface
public interface Sleeper {

  /** Really waits. An anonymous class, not a lambda: linking a lambda costs startup time. */
  Sleeper SYSTEM = new Sleeper() {
    @Override
    public void sleep(Duration duration) throws InterruptedException {
      Thread.sleep(duration.toMillis());
    }
  };

  void sleep(Duration duration) throws InterruptedException;
}
