package sonar.infiltrate.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls for a condition with a generous deadline, for what happens on other threads or in other processes. */
public final class Eventually {

  private Eventually() {}

  /** @throws AssertionError naming what did not happen in time */
  public static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      Thread.sleep(20);
    }
  }
}
