package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import sonar.infiltrate.log.Log;
import sonar.files.Durable;
import sonar.files.LockFile;

/**
 * Appends batches of records to the files under the data directory (see {@link Layout}), durably.
 *
 * <p>Contract. A batch is stored whole or not at all. When its callback reports {@link Outcome#STORED},
 * its bytes are in the journal and the journal is forced: a crash after that loses nothing, and the
 * next start writes them to their files at the offsets recorded, so replay neither loses, duplicates
 * nor tears a line. Concurrent batches share one force (group commit). Data files are written right
 * after the force and forced later, at checkpoints, by another thread; checkpoints also force new
 * directories and retire old journal segments, which keeps replay short. Only this store writes the
 * files of the data directory while it runs; others may read them at any time and move away files of
 * past days once they are complete. The {@code .infiltrate} directory holds the journal and a lock that
 * keeps a second server off the same data.
 *
 * <p>Threads. {@link #submit} never blocks: one writer thread owns the journal and the files, and a
 * queue bounded in bytes sits in front of it. The writer catches and logs everything, so it cannot die
 * silently; storage failures are answered per batch and the store recovers by itself. Thread-safe.
 */
public final class Store implements AutoCloseable {

  /** Per-batch bookkeeping counted against the queue bound besides the batch's own bytes. */
  private static final int BATCH_OVERHEAD_BYTES = 256;
  /** A group stops growing at this many bytes: one journal record, one force. */
  private static final long MAX_GROUP_BYTES = 8 << 20;
  private static final long IDLE_POLL_MILLIS = 100;
  private static final String INTERNAL_ERROR = "internal error in the store";

  /**
   * @param maxOpenFiles data files kept open between groups
   * @param segmentBytes a journal segment is retired once it holds this much
   * @param checkpointInterval ... or once it is this old
   * @param maxQueuedBytes batches waiting for the writer, beyond which {@link #submit} answers BUSY
   * @param retryDelay how often a failing store tries again by itself
   * @param closeUnusedAfter a data file unused this long is closed, so that past days' files can be moved
   */
  public record Settings(int maxOpenFiles, long segmentBytes, Duration checkpointInterval, long maxQueuedBytes,
      Duration retryDelay, Duration closeUnusedAfter) {

    public static final Settings DEFAULTS = new Settings(8192, 64L << 20, Duration.ofSeconds(30), 64L << 20,
        Duration.ofSeconds(1), Duration.ofMinutes(5));

    public Settings {
      if (maxOpenFiles < 1) {
        throw new IllegalArgumentException("maxOpenFiles must be at least 1, not " + maxOpenFiles);
      }
      if (segmentBytes < 4096) {
        throw new IllegalArgumentException("segmentBytes must be at least 4096, not " + segmentBytes);
      }
      if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
        throw new IllegalArgumentException("checkpointInterval must be positive, not " + checkpointInterval);
      }
      if (maxQueuedBytes < 1) {
        throw new IllegalArgumentException("maxQueuedBytes must be positive, not " + maxQueuedBytes);
      }
      if (retryDelay.isNegative() || retryDelay.isZero()) {
        throw new IllegalArgumentException("retryDelay must be positive, not " + retryDelay);
      }
      if (closeUnusedAfter.isNegative() || closeUnusedAfter.isZero()) {
        throw new IllegalArgumentException("closeUnusedAfter must be positive, not " + closeUnusedAfter);
      }
    }
  }

  /** What the store reports as it works, for metrics: called on the writer thread, must not block. */
  public interface Observer {
    Observer NONE = new Observer() {};

    /** The journal was forced, taking this long. */
    default void forced(long nanos) {}

    /** The batch is stored and acknowledged. */
    default void stored(Batch batch) {}

    /** A storage operation failed. */
    default void failed() {}
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

  /** A batch waiting for the writer, and whether it has been answered (the writer's alone to know). */
  private static final class Pending {
    final Batch batch;
    final Consumer<Outcome> done;
    boolean answered;

    Pending(Batch batch, Consumer<Outcome> done) {
      this.batch = batch;
      this.done = done;
    }

    Batch batch() {
      return batch;
    }
  }

  private static final Pending STOP = new Pending(null, null);

  private final Path root;
  private final Settings settings;
  private final LockFile lock;
  private final Journal journal;
  private final HostFiles files;
  private final Checkpointer checkpointer;
  private final Log log;
  private final Observer observer;
  private final StoreHealth health;
  private final JournalRecord record = new JournalRecord();
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final Object admission = new Object();
  private final Thread writer;

  // Owned by the writer thread.
  private final Set<Path> dirtyFiles = new HashSet<>();
  private long segmentStarted;
  private long lastSweep;

  private volatile boolean closed;
  private volatile boolean allWritten;

  private Store(Path root, Settings settings, Log log, Observer observer, LockFile lock,
      Journal journal) throws IOException {
    this.root = root;
    this.settings = settings;
    this.log = log;
    this.observer = observer;
    this.health = new StoreHealth(log, observer, settings.retryDelay());
    this.lock = lock;
    this.journal = journal;
    this.files = new HostFiles(root, settings.maxOpenFiles());
    this.checkpointer = new Checkpointer(settings.retryDelay(), log);
    this.writer = new Thread(this::run, "store-writer");
  }

  /**
   * Locks the data directory, replays what an earlier run left in the journal, and starts the writer.
   *
   * @throws IOException with one line saying what is wrong with the data directory
   */
  public static Store open(Path dataDirectory, Settings settings, Log log) throws IOException {
    return open(dataDirectory, settings, log, Observer.NONE);
  }

  /** As {@link #open(Path, Settings, Log)}, reporting to an observer. */
  public static Store open(Path dataDirectory, Settings settings, Log log, Observer observer) throws IOException {
    requireUtf8FileNames();
    Path root = dataDirectory.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new IOException(Files.exists(root)
          ? "data path " + root + " is not a directory"
          : "data path " + root + " does not exist");
    }
    Path own = root.resolve(Layout.PRIVATE_DIRECTORY);
    for (Path mine : List.of(own, own.resolve("lock"), own.resolve("journal"))) {
      if (Files.isSymbolicLink(mine)) {
        throw new IOException("data path " + root + ": " + root.relativize(mine)
            + " is a symbolic link, which the store does not follow");
      }
    }
    LockFile lock;
    try {
      Files.createDirectories(own);
      lock = LockFile.tryAcquire(own.resolve("lock"));
    } catch (IOException e) {
      throw new IOException("data path " + root + " is not writable: " + StoreHealth.reasonOf(e), e);
    }
    if (lock == null) {
      throw new IOException("another infiltrate is already using data path " + root);
    }
    Store store = null;
    try {
      store = new Store(root, settings, log, observer, lock, new Journal(own.resolve("journal")));
      store.replay();
      store.journal.startSegment();
      store.segmentStarted = System.nanoTime();
      store.writer.start();
      return store;
    } catch (IOException | RuntimeException e) {
      if (store != null) {
        store.checkpointer.close();
        store.files.close();
        store.journal.close();
      }
      lock.close();
      throw e;
    }
  }

  /**
   * File names must not depend on the locale the server happens to start in. Java encodes them as the
   * locale says (the property sun.jnu.encoding, which cannot be set on the command line), and only a
   * UTF-8 locale can name every host: in the C locale a host outside ASCII could never be stored.
   */
  private static void requireUtf8FileNames() throws IOException {
    String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
    if (!Charset.isSupported(encoding) || !Charset.forName(encoding).equals(StandardCharsets.UTF_8)) {
      throw new IOException("file names would be encoded in " + encoding + ", not UTF-8: start infiltrate in a "
          + "UTF-8 locale (LC_ALL=C.UTF-8), as bin/infiltrate does");
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

  /** Bytes of batches waiting for the writer. */
  public long queuedBytes() {
    return queuedBytes.get();
  }

  /** Data files open now. */
  public int openFiles() {
    return files.openCount();
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    boolean stopping = false;
    while (!stopping || !queue.isEmpty()) {
      try {
        Pending first = stopping ? queue.poll() : queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        stopping |= first == STOP;
        if (first != null && first != STOP) {
          group.add(first);
          stopping |= fill(group);
          commit(group);
        }
        housekeeping();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // only close() interrupts, after its wait ran out
        stopping = true;
      } catch (RuntimeException | Error e) {
        log.error("store writer caught an unexpected error; carrying on", e);
        group.stream().filter(pending -> !pending.answered)
            .forEach(pending -> complete(pending, Outcome.failed(INTERNAL_ERROR)));
      } finally {
        group.forEach(pending -> queuedBytes.addAndGet(-(pending.batch().size() + BATCH_OVERHEAD_BYTES)));
        group.clear();
      }
    }
    finish();
  }

  /** Adds waiting batches to the group up to its byte limit; returns true if it met the stop marker. */
  private boolean fill(List<Pending> group) {
    long bytes = group.get(0).batch().size();
    for (Pending next = queue.peek(); next != null && bytes < MAX_GROUP_BYTES; next = queue.peek()) {
      queue.poll();
      if (next == STOP) {
        return true;
      }
      group.add(next);
      bytes += next.batch().size();
    }
    return false;
  }

  /** Journals the group with one force, acknowledges it, then writes the data files. */
  private void commit(List<Pending> group) {
    List<Pending> ready = openTargets(group);
    if (ready.isEmpty()) {
      return;
    }
    List<HostFiles.HostFile> targets = new ArrayList<>();
    List<JournalRecord.Entry> entries = new ArrayList<>();
    Map<HostFiles.HostFile, Long> ends = new HashMap<>();
    try {
      if (journal.needsNewSegment()) {
        rotate();
      }
      record.reset();
      for (Pending pending : ready) {
        for (Batch.Append append : pending.batch().appends()) {
          HostFiles.HostFile file = files.open(append.path()); // opened by openTargets, so cached
          long offset = ends.getOrDefault(file, file.end);
          record.add(append.path(), offset, append.bytes());
          ends.put(file, offset + append.bytes().length);
          targets.add(file);
          entries.add(new JournalRecord.Entry(append.path(), offset, ByteBuffer.wrap(append.bytes())));
        }
      }
      observer.forced(journal.append(record.finish()));
    } catch (IOException e) {
      health.failed(StoreHealth.Target.JOURNAL, new IOException("journal " + journal.current() + ": " + e.getMessage(), e));
      ready.forEach(pending -> complete(pending, Outcome.failed(unavailable(e))));
      return;
    }
    health.succeeded(StoreHealth.Target.JOURNAL);
    ends.forEach((file, end) -> file.end = end);
    ready.forEach(pending -> {
      observer.stored(pending.batch());
      complete(pending, Outcome.STORED);
    });
    for (int i = 0; i < entries.size(); i++) {
      HostFiles.HostFile file = targets.get(i);
      dirtyFiles.add(file.file);
      StoreHealth.Target target = StoreHealth.Target.write(file.path);
      try {
        files.write(file, entries.get(i));
        health.succeeded(target);
      } catch (IOException e) {
        health.failed(target, e); // acknowledged and safe in the journal; written when the file recovers
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
        for (Batch.Append append : pending.batch().appends()) {
          openTarget(append.path());
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
    long now = System.nanoTime();
    health.probeIfDue(now, this::retry);
    boolean due = journal.size() >= settings.segmentBytes()
        || now - segmentStarted >= settings.checkpointInterval().toNanos();
    if (due && !dirtyFiles.isEmpty() && !files.anyBehind()) {
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
  }

  /** Tries a failed operation again: the journal with an empty record, which replay skips; a file. */
  private void retry(StoreHealth.Target target) throws IOException {
    switch (target.kind()) {
      case JOURNAL -> {
        if (journal.needsNewSegment()) {
          rotate();
        }
        record.reset();
        journal.append(record.finish());
      }
      case OPEN -> files.open(target.path());
      case WRITE -> files.catchUp(target.path());
    }
  }

  /** Starts a new journal segment and hands the old one to the checkpointer. */
  private void rotate() throws IOException {
    Path retired = journal.startSegment();
    segmentStarted = System.nanoTime();
    if (retired != null) {
      checkpointer.submit(new Checkpointer.Task(retired, Set.copyOf(dirtyFiles), files.takeChangedDirectories()));
      dirtyFiles.clear();
    }
  }

  private static String unavailable(IOException e) {
    return "cannot store data now: " + StoreHealth.reasonOf(e);
  }

  private void complete(Pending pending, Outcome outcome) {
    pending.answered = true;
    try {
      pending.done.accept(outcome);
    } catch (RuntimeException e) {
      log.error("a store callback failed", e);
    }
  }

  /** Retires the last segment if every acknowledged byte reached its file; otherwise leaves it for replay. */
  private void finish() {
    Path last = journal.current();
    journal.close();
    allWritten = files.retryBehind();
    if (allWritten) {
      checkpointer.submit(new Checkpointer.Task(last, Set.copyOf(dirtyFiles), files.takeChangedDirectories()));
    } else {
      log.warning("some acknowledged data could not be written to its files; it stays in the journal and is "
          + "written at the next start");
    }
    checkpointer.close();
    files.close();
  }

  /**
   * Writes what an earlier run journalled to its files, forces them, and deletes the journal. An entry
   * goes at its recorded offset, so replaying what was already written changes nothing; if a file has
   * become shorter than that offset (someone else truncated or replaced it) the bytes are appended at
   * its end instead, so that nothing is lost and no hole is made.
   */
  private void replay() throws IOException {
    List<Path> segments = journal.segments();
    if (segments.isEmpty()) {
      return;
    }
    Set<Path> touched = new HashSet<>();
    int records = 0;
    int entries = 0;
    for (Path segment : segments) {
      Journal.Contents contents = Journal.read(segment);
      if (contents.unreadBytes() > 0) {
        log.info("journal " + segment.getFileName() + " ends in an incomplete record (" + contents.unreadBytes()
            + " bytes) that was never acknowledged; skipping it");
      }
      for (ByteBuffer payload : contents.records()) {
        for (JournalRecord.Entry entry : JournalRecord.decode(payload)) {
          replay(entry);
          touched.add(root.resolve(entry.path()));
          entries++;
        }
        records++;
      }
    }
    for (Path file : touched) {
      Durable.forceFile(file);
    }
    for (Path directory : files.takeChangedDirectories()) {
      Durable.forceDirectory(directory);
    }
    for (Path segment : segments) {
      Files.delete(segment);
    }
    files.closeAll();
    log.info("replayed " + records + " journal records (" + entries + " appends to " + touched.size()
        + " files) from " + segments.size() + " segments");
  }

  private void replay(JournalRecord.Entry entry) throws IOException {
    HostFiles.HostFile file = files.open(entry.path());
    long size = file.size();
    long offset = entry.offset();
    if (size < offset) {
      log.warning(file.file + " is shorter (" + size + " bytes) than the journal expects (" + offset
          + "); appending the journalled bytes at its end");
      offset = size;
    }
    files.write(file, new JournalRecord.Entry(entry.path(), offset, entry.data()));
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
      queue.add(STOP);
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
        lock.close();
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
