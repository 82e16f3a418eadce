package sonar.infiltrate.ingest;

import java.util.function.Consumer;
import sonar.infiltrate.store.Store;

/**
 * Where the HTTP server hands each request it accepts, to answer it 200 once that is safe: the store,
 * which answers once the journal is forced; or, on a front end, Kafka, which answers once every replica
 * has the request, for a server that consumes it to store. Thread-safe.
 */
public interface Intake {

  /**
   * Queues the request; done is called once, on any thread, when it is safe or has failed. Never blocks.
   *
   * @throws IllegalArgumentException when this intake can never take the request, saying why
   */
  Store.Admission submit(Accepted request, Consumer<Store.Outcome> done);

  /** Null while requests can be taken; else why not, for {@code /ping}. */
  String problem();

  /** Bytes of requests taken and not yet answered. */
  long queuedBytes();

  /** Data files open: the store's; none for Kafka. */
  int openFiles();

  /** The store as an intake. */
  static Intake storing(Store store) {
    return new Intake() {
      @Override
      public Store.Admission submit(Accepted request, Consumer<Store.Outcome> done) {
        return store.submit(request.batch(), done);
      }

      @Override
      public String problem() {
        return store.problem();
      }

      @Override
      public long queuedBytes() {
        return store.queuedBytes();
      }

      @Override
      public int openFiles() {
        return store.openFiles();
      }
    };
  }
}
