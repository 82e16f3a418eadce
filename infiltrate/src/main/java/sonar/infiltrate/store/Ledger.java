package sonar.infiltrate.store;

import java.io.IOException;

/**
 * What the store knows from the {@link Mark}s of one kind, and how to keep them: marks are stored in the
 * same journal record as their batch's data, so they hold exactly when the data does; once the record is
 * forced the ledger is told ({@link #apply}), at a checkpoint they move to the ledger's own file before
 * the journal segment goes, and at start the ledger is told again what its file and the journal hold. A
 * ledger with something to forget rewrites its file now and then ({@link #compact}). The idempotency
 * keys are one ledger; a stream consumer's next offsets per partition would be another.
 */
interface Ledger {

  /** The marks' kind: one byte in the journal and the ledger file, never reused for another meaning. */
  byte kind();

  /** The name of the ledger's file in the server's own directory. */
  String fileName();

  /**
   * Learns a mark that is durable: its journal record is forced, or it was read back at start. Called on
   * the store's writer thread, or at start before it runs. The same mark may come twice (read from the
   * file, and again from a journal segment a crash left before deleting it): the ledger must answer as
   * if it had come once.
   *
   * @param time when the mark's group was stored, epoch milliseconds
   */
  void apply(long time, Mark mark);

  /**
   * Copies what is still worth keeping of the ledger file's groups, oldest first, to the rewritten file.
   * Called on the checkpoint thread: it must not touch what {@link #apply} changes.
   *
   * @param now epoch milliseconds
   */
  void compact(Source in, Sink out, long now) throws IOException;

  /** Groups read from a ledger file, oldest first. */
  interface Source {
    /** The next group, or null at the end. */
    Mark.Group next() throws IOException;
  }

  /** Where a rewritten ledger file's groups go. */
  interface Sink {
    void add(Mark.Group group) throws IOException;
  }
}
