package sonar.infiltrate.store;

/** Monotonic time in nanoseconds, as {@link System#nanoTime}; tests pass one they move by hand. */
@FunctionalInterface
interface Ticker {

  Ticker SYSTEM = System::nanoTime;

  long nanos();
}
