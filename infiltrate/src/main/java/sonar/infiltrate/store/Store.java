package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import sonar.infiltrate.log.Log;

/**
 * Appends batches of records to the files under the data directory (see {@link Layout}), durably.
 *
 * <p>Contract. A batch is stored whole or not at all. When its callback reports {@link Outcome#STORED},
 * its bytes are in the journal and the journal is forced: a crash after that loses nothing, and the
 * next start writes them to their files at the offsets recorded, so replay neither loses, duplicates
 * nor tears a line. Concurrent batches share one force (group commit). Data files are written right
 * after the force and forced later, at checkpoints, by another thread; checkpoints also force new
 * directories and retire old journal segments, which keeps replay short. Only this store writes the
 * files of the data directory while it runs, and nothing outside it; others may read them at any time
 * and move away files of past days once they are complete. The {@code .infiltrate} directory holds the
 * journal and a lock that keeps a second server off the same data.
 *
 * <p>Exactly once. A request may carry an idempotency key ({@link Batch#withIdempotencyKey}). Its key
 * is marked stored in the same journal record as its data, so the two are durable together; a request
 * whose key was stored within the idempotency window (for the same user) is answered {@link
 * Outcome#STORED} and not stored again, also when it comes while the first is still being stored, and
 * also after a crash, a checkpoint or a restart: checkpoints move the keys of the segments they retire
 * into a file of their own (see {@link Ledger}). A batch of several requests (a stream consumer's) stores
 * those of its parts whose keys are new. A stream consumer's batch also marks how far its partition is
 * stored ({@link Batch#withStreamOffset}), in the same record, so that it can read on from exactly there
 * ({@link #streamOffset}).
 *
 * <p>Threads. {@link #submit} never blocks: one writer thread owns the journal and the files, and a
 * queue bounded in bytes sits in front of it. The writer catches and logs everything, so it cannot die
 * silently; a failure is answered per batch, and the store recovers by itself (see {@link StoreHealth}).
 * Thread-safe.
 */
public final class Store implements AutoCloseable {

  /** Per-batch bookkeeping counted against the queue bound besides the batch's own bytes. */
  private static final int BATCH_OVERHEAD_BYTES = 256;
  /** A group stops growing at this many bytes: one journal record, one force. */
  private static final long MAX_GROUP_BYTES = 8 << 20;
  private static final long IDLE_POLL_MILLIS = 100;
  /**
   * Rounds of checkpointing start at most this often, each forcing a file once for all the segments
   * retired since. To 5,000 hosts a flood touches 5,000 files per segment, and forcing them is most of
   * the checkpoint thread's work. Measured with bench/load.sh: 10 s halved that work and gained 6% at
   * 5,000 hosts, but the larger bursts of forcing doubled p99 at 32 hosts; 2 s merges segments only
   * when the checkpoint thread falls behind, and keeps p99 as it was.
   */
  private static final Duration CHECKPOINT_PACE = Duration.ofSeconds(2);
  private static final String INTERNAL_ERROR = "internal error in the store";
  /**
   * Retired segments kept to be written over: two, so that one is at hand at each rotation even when the
   * checkpoint of the one before is still being forced.
   */
  private static final int SPARE_SEGMENTS = 2;

  /** What the store reports as it works, for metrics: called on the writer thread, must not block. */
  public interface Observer {
    Observer NONE = new Observer() {};

    /** The journal was forced, taking this long. */
    default void forced(long nanos) {}

    /** The batch is stored and acknowledged. */
    default void stored(Batch batch) {}

    /** A storage operation failed. */
    default void failed() {}

    /** The batch's idempotency key was stored already: it is answered as stored, and not stored again. */
    default void duplicate(Batch batch) {}

    /** Idempotency keys kept now. */
    default void idempotencyKeys(long kept) {}
  }

  /** Whether {@link #submit} took the batch. */
  public enum Admission { ACCEPTED, BUSY, CLOSED }

  /** What became of an accepted batch; {@code problem} is null when stored. */
  public record Outcome(boolean stored, String problem) {
    public static final Outcome STORED = new Outcome(true, null);

    static Outcome failed(String problem) {
      return new Outcome(false, problem);
    }
  }

  /** One append of a group: the file it goes to, and what the journal says of it. */
  private record Write(HostFiles.HostFile file, JournalRecord.Entry entry) {}

  /** A batch of a group with the parts of it that are to be stored: those whose keys are new. */
  private record Storing(Pending pending, List<Batch.Part> parts) {}

  private final StoreSettings settings;
  private final DataDirectory directory;
  private final Journal journal;
  private final HostFiles files;
  private final Checkpointer checkpointer;
  private final Log log;
  private final Observer observer;
  private final Ticker ticker;
  private final StoreHealth health;
  private final Clock clock;
  private final IdempotencyKeys keys;
  private final StreamOffsets streamOffsets;
  private final Ledgers ledgers;
  private final JournalRecord record = new JournalRecord();
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final Object admission = new Object();
  private final Thread writer = new Thread(this::run, "store-writer");

  // Owned by the writer thread.
  private final Set<Path> dirtyFiles = new HashSet<>();
  private final List<Mark.Group> segmentMarks = new ArrayList<>();
  private long segmentStarted;
  private long lastSweep;

  private volatile boolean closed;
  private volatile boolean allWritten;

  private Store(StoreSettings settings, Log log, Observer observer, Ticker ticker, Clock clock,
      DataDirectory directory, Journal journal, HostFiles files, IdempotencyKeys keys, StreamOffsets streamOffsets,
      Ledgers ledgers, SpareSegments spares) {
    this.settings = settings;
    this.log = log;
    this.observer = observer;
    this.ticker = ticker;
    this.clock = clock;
    this.keys = keys;
    this.streamOffsets = streamOffsets;
    this.ledgers = ledgers;
    this.health = new StoreHealth(log, observer, settings.retryDelay());
    this.directory = directory;
    this.journal = journal;
    this.files = files;
    this.checkpointer = new Checkpointer(settings.retryDelay(), CHECKPOINT_PACE, ledgers, spares, clock, log);
    this.segmentStarted = ticker.nanos();
    this.lastSweep = segmentStarted;
  }

  /**
   * Locks the data directory, replays what an earlier run left in the journal, and starts the writer.
   *
   * @throws IOException with one line saying what is wrong with the data directory
   */
  public static Store open(Path dataDirectory, StoreSettings settings, Log log) throws IOException {
    return open(dataDirectory, settings, log, Observer.NONE);
  }

  /** As {@link #open(Path, StoreSettings, Log)}, reporting to an observer. */
  public static Store open(Path dataDirectory, StoreSettings settings, Log log, Observer observer) throws IOException {
    return open(dataDirectory, settings, log, observer, Ticker.SYSTEM, Clock.systemUTC());
  }

  /**
   * As {@link #open(Path, StoreSettings, Log, Observer)}, measuring intervals by the ticker and telling the
   * time (when an idempotency key was stored) by the clock.
   */
  static Store open(Path dataDirectory, StoreSettings settings, Log log, Observer observer, Ticker ticker,
      Clock clock) throws IOException {
    DataDirectory directory = DataDirectory.lock(dataDirectory);
    Journal journal = null;
    HostFiles files = null;
    Ledgers ledgers = null;
    try {
      IdempotencyKeys keys = new IdempotencyKeys(settings.idempotencyWindow(), settings.maxIdempotencyKeys(), log);
      StreamOffsets streamOffsets = new StreamOffsets();
      ledgers = Ledgers.open(directory.own, List.of(keys, streamOffsets));
      SpareSegments spares = new SpareSegments(directory.spares, SPARE_SEGMENTS);
      journal = new Journal(directory.journal, spares);
      files = new HostFiles(directory.root, settings.maxOpenFiles(), ticker);
      Replay.run(journal, files, ledgers, spares, log, clock.millis());
      keys.expire(clock.millis());
      observer.idempotencyKeys(keys.size());
      journal.startSegment();
      Store store = new Store(settings, log, observer, ticker, clock, directory, journal, files, keys, streamOffsets,
          ledgers, spares);
      store.checkpointer.start();
      store.writer.start();
      return store;
    } catch (IOException | RuntimeException e) {
      if (ledgers != null) {
        ledgers.close();
      }
      if (files != null) {
        files.close();
      }
      if (journal != null) {
        journal.close();
      }
      directory.close();
      throw e;
    }
  }

  /**
   * Queues a batch for the writer; done is called once, on the writer thread, when it is stored or has
   * failed. Never blocks.
   */
  public Admission submit(Batch batch, Consumer<Outcome> done) {
    long bytes = batch.size() + BATCH_OVERHEAD_BYTES;
    synchronized (admission) {
      if (closed) {
        return Admission.CLOSED;
      }
      if (queuedBytes.addAndGet(bytes) > settings.maxQueuedBytes() && queuedBytes.get() != bytes) {
        queuedBytes.addAndGet(-bytes);
        return Admission.BUSY;
      }
      queue.add(new Pending(batch, done));
    }
    return Admission.ACCEPTED;
  }

  /**
   * Null while the store can take and store data; else why not: for everyone (the journal fails, or the
   * store is closing), or for which clusters.
   */
  public String problem() {
    return closed ? "shutting down" : health.problem();
  }

  /**
   * The offset of the first record of a stream's partition that is not stored: what the last stored
   * batch marked with {@link Batch#withStreamOffset}; empty when none was. Any thread.
   */
  public OptionalLong streamOffset(String topic, int partition) {
    return streamOffsets.next(topic, partition);
  }

  /** Bytes of batches waiting for the writer. */
  public long queuedBytes() {
    return queuedBytes.get();
  }

  /** Data files open now. */
  public int openFiles() {
    return files.openCount();
  }

  /** Returns once the writer has done its housekeeping after everything queued so far: for tests. */
  void awaitHousekeeping() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    queue.add(Pending.barrier(done::countDown));
    if (!done.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the store's writer did not get to its housekeeping within 30 s");
    }
  }

  /** Returns once every journal segment retired so far is checkpointed: for tests. */
  void awaitCheckpoints() throws InterruptedException {
    checkpointer.awaitRetired();
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    boolean stopping = false;
    while (!stopping || !queue.isEmpty()) {
      Pending marker = null;
      try {
        Pending first = stopping ? queue.poll() : queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first != null && first.isMarker()) {
          marker = first;
        } else if (first != null) {
          group.add(first);
          marker = fill(group);
          commit(group);
        }
        stopping |= marker == Pending.STOP;
        housekeeping();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // only close() interrupts, after its wait ran out
        stopping = true;
      } catch (RuntimeException | Error e) {
        log.error("store writer caught an unexpected error; carrying on", e);
        group.stream().filter(pending -> !pending.answered())
            .forEach(pending -> complete(pending, Outcome.failed(INTERNAL_ERROR)));
      } finally {
        group.forEach(pending -> queuedBytes.addAndGet(-(pending.batch.size() + BATCH_OVERHEAD_BYTES)));
        group.clear();
        if (marker != null && marker != Pending.STOP) {
          marker.reached();
        }
      }
    }
    finish();
  }

  /** Adds waiting batches to the group up to its byte limit; returns the marker it met, if any. */
  private Pending fill(List<Pending> group) {
    long bytes = group.get(0).batch.size();
    for (Pending next = queue.peek(); next != null && bytes < MAX_GROUP_BYTES; next = queue.peek()) {
      queue.poll();
      if (next.isMarker()) {
        return next;
      }
      group.add(next);
      bytes += next.batch.size();
    }
    return null;
  }

  /**
   * Journals the group with one force, acknowledges it, then writes the data files. A part whose
   * idempotency key is stored already, or carried by an earlier part of the group, is left out: a batch
   * left with nothing at all is answered at once when its keys were stored before, else with the group.
   */
  private void commit(List<Pending> group) {
    List<Storing> storing = new ArrayList<>(group.size());
    List<Pending> riders = new ArrayList<>();
    Set<IdempotencyKey> carried = new HashSet<>();
    for (Pending pending : openTargets(group)) {
      List<Batch.Part> parts = new ArrayList<>(pending.batch.parts().size());
      boolean storedBefore = true;
      for (Batch.Part part : pending.batch.parts()) {
        if (part.key() == null || (!keys.contains(part.key()) && carried.add(part.key()))) {
          parts.add(part);
        } else {
          observer.duplicate(Batch.of(List.of(part)));
          storedBefore &= !carried.contains(part.key());
        }
      }
      if (!parts.isEmpty() || !pending.batch.marks().isEmpty()) {
        storing.add(new Storing(pending, parts));
      } else if (storedBefore) {
        complete(pending, Outcome.STORED); // the first copy's journal record is forced already
      } else {
        riders.add(pending); // stored exactly when the earlier part that carries its key is
      }
    }
    if (storing.isEmpty()) {
      return;
    }
    List<Write> writes = new ArrayList<>();
    Mark.Group marks;
    try {
      if (journal.needsNewSegment()) {
        rotate();
      }
      marks = fillRecord(storing, writes);
      observer.forced(journal.append(record));
      record.reset(); // lets go of a large record's buffer now, not when the next group comes
    } catch (IOException e) {
      health.failed(StoreHealth.Target.JOURNAL,
          new IOException("journal " + journal.current() + ": " + e.getMessage(), e));
      storing.forEach(batch -> complete(batch.pending(), Outcome.failed(unavailable(e))));
      riders.forEach(pending -> complete(pending, Outcome.failed(unavailable(e))));
      return;
    }
    health.succeeded(StoreHealth.Target.JOURNAL);
    if (marks != null) {
      ledgers.apply(marks);
      segmentMarks.add(marks);
      observer.idempotencyKeys(keys.size());
    }
    writes.forEach(write -> write.file().end = write.entry().offset() + write.entry().data().remaining());
    storing.forEach(batch -> {
      observer.stored(batch.parts().size() == batch.pending().batch.parts().size()
          ? batch.pending().batch
          : Batch.of(batch.parts()));
      complete(batch.pending(), Outcome.STORED);
    });
    riders.forEach(pending -> complete(pending, Outcome.STORED));
    writeFiles(writes);
  }

  /**
   * Puts the parts' appends in the journal record, each at the end of its file as it will be, and their
   * marks (keys, then the batches' own) after them; returns the marks, or null when there are none.
   */
  private Mark.Group fillRecord(List<Storing> storing, List<Write> writes) throws IOException {
    record.reset();
    Map<HostFiles.HostFile, Long> ends = new HashMap<>();
    List<Mark> marks = new ArrayList<>();
    for (Storing batch : storing) {
      for (Batch.Part part : batch.parts()) {
        for (Batch.Append append : part.appends()) {
          HostFiles.HostFile file = files.open(append.path()); // opened by openTargets, so cached
          long offset = ends.getOrDefault(file, file.end);
          JournalRecord.Entry entry = new JournalRecord.Entry(append.path(), offset, ByteBuffer.wrap(append.bytes()));
          record.add(entry);
          writes.add(new Write(file, entry));
          ends.put(file, offset + append.bytes().length);
        }
        if (part.key() != null) {
          marks.add(part.key().mark());
        }
      }
      marks.addAll(batch.pending().batch.marks());
    }
    if (marks.isEmpty()) {
      return null;
    }
    Mark.Group stamped = new Mark.Group(clock.millis(), marks);
    record.add(stamped);
    return stamped;
  }

  /** Writes acknowledged appends to their files; one that fails waits, safe in the journal, for a retry. */
  private void writeFiles(List<Write> writes) {
    for (Write write : writes) {
      dirtyFiles.add(write.file().absolutePath);
      StoreHealth.Target target = StoreHealth.Target.write(write.file().relativePath);
      try {
        files.write(write.file(), write.entry());
        health.succeeded(target);
      } catch (IOException e) {
        health.failed(target, e);
      }
    }
  }

  /**
   * Opens every file each batch needs; a batch that cannot have all its files fails whole, and alone:
   * the rest of the group goes on, even when opening failed for a reason nobody foresaw.
   */
  private List<Pending> openTargets(List<Pending> group) {
    List<Pending> ready = new ArrayList<>(group.size());
    for (Pending pending : group) {
      try {
        for (Batch.Part part : pending.batch.parts()) {
          for (Batch.Append append : part.appends()) {
            openTarget(append.path());
          }
        }
        ready.add(pending);
      } catch (IOException e) {
        complete(pending, Outcome.failed(unavailable(e)));
      } catch (RuntimeException e) {
        log.error("store writer caught an unexpected error opening the files of a batch; answering it alone", e);
        observer.failed();
        complete(pending, Outcome.failed(INTERNAL_ERROR));
      }
    }
    return ready;
  }

  private void openTarget(String path) throws IOException {
    StoreHealth.Target target = StoreHealth.Target.open(path);
    try {
      files.open(path);
      health.succeeded(target);
    } catch (IOException e) {
      health.failed(target, e);
      throw e;
    }
  }

  private void housekeeping() {
    long now = ticker.nanos();
    health.probeIfDue(now, this::retry);
    boolean due = journal.size() >= settings.segmentBytes()
        || now - segmentStarted >= settings.checkpointInterval().toNanos();
    if (due && (!dirtyFiles.isEmpty() || !segmentMarks.isEmpty()) && !files.anyBehind()) {
      try {
        rotate();
        health.succeeded(StoreHealth.Target.JOURNAL);
      } catch (IOException e) {
        health.failed(StoreHealth.Target.JOURNAL, new IOException("starting a journal segment: " + e.getMessage(), e));
      }
    }
    if (now - lastSweep >= settings.closeUnusedAfter().toNanos() / 4) {
      lastSweep = now;
      files.closeUnusedFor(settings.closeUnusedAfter());
    }
    files.trim();
    long kept = keys.size();
    keys.expire(clock.millis());
    if (keys.size() != kept) {
      observer.idempotencyKeys(keys.size());
    }
  }

  /** Tries a failed operation again: the journal with an empty record, which replay skips; a file. */
  private void retry(StoreHealth.Target target) throws IOException {
    switch (target.kind()) {
      case JOURNAL -> {
        if (journal.needsNewSegment()) {
          rotate();
        }
        record.reset();
        journal.append(record);
      }
      case OPEN -> files.open(target.path());
      case WRITE -> files.catchUp(target.path());
    }
  }

  /** Starts a new journal segment and hands the old one to the checkpointer. */
  private void rotate() throws IOException {
    Path retired = journal.startSegment();
    segmentStarted = ticker.nanos();
    if (retired != null) {
      checkpointer.submit(new Checkpointer.Task(retired, Set.copyOf(dirtyFiles), files.takeChangedDirectories(),
          List.copyOf(segmentMarks)));
      dirtyFiles.clear();
      segmentMarks.clear();
    }
  }

  private static String unavailable(IOException e) {
    return "cannot store data now: " + StoreHealth.reasonOf(e);
  }

  private void complete(Pending pending, Outcome outcome) {
    pending.answer(outcome, log);
  }

  /** Retires the last segment if every acknowledged byte reached its file; otherwise leaves it for replay. */
  private void finish() {
    Path last = journal.current();
    journal.close();
    allWritten = files.retryBehind();
    if (allWritten) {
      checkpointer.submit(new Checkpointer.Task(last, Set.copyOf(dirtyFiles), files.takeChangedDirectories(),
          List.copyOf(segmentMarks)));
    } else {
      log.warning("some acknowledged data could not be written to its files; it stays in the journal and is "
          + "written at the next start");
    }
    checkpointer.close();
    files.close();
    ledgers.close();
  }

  /**
   * Stops taking batches, stores those already queued, forces the data files and retires the journal.
   * Waits for the writer up to the given time.
   */
  public void close(Duration wait) {
    synchronized (admission) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(Pending.STOP);
    }
    try {
      writer.join(wait.toMillis());
      if (writer.isAlive()) {
        log.warning("store writer still busy after " + wait + "; the journal keeps what it has not written");
        writer.interrupt();
        writer.join(wait.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        directory.close();
      } catch (IOException e) {
        log.warning("releasing the data directory lock: " + e);
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * After {@link #close}: whether every acknowledged record reached its file. False before, and when some
   * wait in the journal (safe there) to be written at the next start.
   */
  public boolean allWritten() {
    return allWritten && !writer.isAlive();
  }
}
