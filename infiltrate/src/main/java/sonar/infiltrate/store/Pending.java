package sonar.infiltrate.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sonar.infiltrate.log.Log;

/**
 * A batch waiting for the store's writer, answered once, together with the batches of its group that
 * carry the same idempotency key. With no batch it is a marker in the queue: {@link #STOP}, or a barrier
 * that the writer reaches after its housekeeping. Made by any thread, then the writer's alone.
 */
final class Pending {

  static final Pending STOP = new Pending(null, null);

  final Batch batch;
  private final Consumer<Store.Outcome> done;
  private boolean answered;
  private List<Pending> duplicates = List.of();

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

  /** Another batch of the group with this one's idempotency key: it is answered as this one is. */
  void addDuplicate(Pending duplicate) {
    List<Pending> more = new ArrayList<>(duplicates);
    more.add(duplicate);
    duplicates = more;
  }

  /** Answers the batch and its duplicates; a callback that throws is logged, and the others answered. */
  void answer(Store.Outcome outcome, Store.Observer observer, Log log) {
    answered = true;
    try {
      done.accept(outcome);
    } catch (RuntimeException e) {
      log.error("a store callback failed", e);
    }
    for (Pending duplicate : duplicates) {
      if (outcome.stored()) {
        observer.duplicate(duplicate.batch);
      }
      duplicate.answer(outcome, observer, log);
    }
  }

  /** Tells a barrier it is reached. */
  void reached() {
    done.accept(null);
  }
}
