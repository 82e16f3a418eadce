package sonar.infiltrate.store;

import java.util.function.Consumer;
import sonar.infiltrate.log.Log;

/**
 * A batch waiting for the store's writer, answered once. With no batch it is a marker in the queue:
 * {@link #STOP}, or a barrier that the writer reaches after its housekeeping. Made by any thread, then
 * the writer's alone.
 */
final class Pending {

  static final Pending STOP = new Pending(null, null);

  final Batch batch;
  private final Consumer<Store.Outcome> done;
  private boolean answered;

  Pending(Batch batch, Consumer<Store.Outcome> done) {
    this.batch = batch;
    this.done = done;
  }

  /** A marker whose callback runs when the writer reaches it. */
  static Pending barrier(Runnable reached) {
    return new Pending(null, outcome -> reached.run());
  }

  boolean isMarker() {
    return batch == null;
  }

  boolean answered() {
    return answered;
  }

  /** Answers the batch; a callback that throws is logged. */
  void answer(Store.Outcome outcome, Log log) {
    answered = true;
    try {
      done.accept(outcome);
    } catch (RuntimeException e) {
      log.error("a store callback failed", e);
    }
  }

  /** Tells a barrier it is reached. */
  void reached() {
    done.accept(null);
  }
}
