package sonar.exfiltrate.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import sonar.exfiltrate.batch.Batch;
import sonar.exfiltrate.batch.Batches;
import sonar.files.Durable;
import sonar.files.LockFile;

/**
 * The spool while its lock is held: what only one run at a time may do, which is everything but adding.
 * Every change that removes data forces the directory, so that no crash brings back a delivered file.
 * Not thread-safe.
 */
public final class LockedSpool implements AutoCloseable {

  /** What {@link #trim} dropped; {@code first} and {@code last} are null when it dropped nothing. */
  public record Trimmed(int files, long bytes, Instant first, Instant last) {
    public boolean isEmpty() {
      return files == 0;
    }
  }

  /** A spooled input opened for sending: how to cut it, its content, and how far earlier runs got. */
  public final class Input implements AutoCloseable {
    private final Spool.Entry entry;
    private final InputFile.Header header;
    private final long bodyOffset;
    private final InputStream body;
    private final Progress progress;

    private Input(Spool.Entry entry) throws IOException {
      this.entry = entry;
      InputStream in = Files.newInputStream(entry.file());
      try {
        this.header = InputFile.readHeader(in);
        this.bodyOffset = InputFile.header(header).length;
        this.progress = Progress.of(entry.file());
      } catch (IOException e) {
        in.close();
        throw new IOException("spool file " + entry.file() + " is not an input: " + e.getMessage(), e);
      }
      this.body = in;
    }

    public InputFile.Header header() {
      return header;
    }

    /** Sonar's output, from its first byte. */
    public InputStream body() {
      return body;
    }

    /** Opens sonar's output again, for a second pass. */
    public Batches.Reopen again() {
      return new Batches.Reopen() {
        @Override
        public InputStream open() throws IOException {
          InputStream in = Files.newInputStream(entry.file());
          in.skipNBytes(bodyOffset);
          return in;
        }
      };
    }

    /** How many batches, from the first, earlier runs delivered or set aside. */
    public int done() {
      return progress.done();
    }

    /** Counts the next batch as done. */
    public void markDone() throws IOException {
      progress.mark();
    }

    /**
     * Keeps a line too long to send in {@code rejected/<input>-<line>.line}, with the reason beside it;
     * a run that resumes the input finds it there and leaves it.
     *
     * @param offset where the line starts in sonar's output
     * @return where it is kept now; null when an earlier run kept it
     */
    public Path setAsideLine(long number, long offset, long length, String reason) throws IOException {
      Path rejected = rejectedDirectory();
      String name = entry.name().substring(0, entry.name().length() - Spool.INPUT.length()) + "-" + number
          + Spool.LINE;
      Path kept = rejected.resolve(name);
      if (Files.exists(kept)) {
        return null;
      }
      Spool.createDirectory(rejected);
      Path temp = rejected.resolve(Spool.TEMP_PREFIX + name);
      try (FileChannel from = FileChannel.open(entry.file(), StandardOpenOption.READ);
          FileChannel to = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        long start = bodyOffset + offset;
        for (long copied = 0; copied < length; ) {
          copied += from.transferTo(start + copied, length - copied, to);
        }
        to.force(/* metaData= */ true);
      }
      Files.move(temp, kept, StandardCopyOption.ATOMIC_MOVE);
      writeAnswer(rejected.resolve(name + Spool.ANSWER), reason);
      Durable.forceDirectory(rejected);
      return kept;
    }

    @Override
    public void close() throws IOException {
      try {
        body.close();
      } finally {
        progress.close();
      }
    }
  }

  /** A run writes its temporary files within a second of starting; one this old was left by a killed run. */
  private static final java.time.Duration STALE_TEMP_AGE = java.time.Duration.ofHours(1);

  private final Spool spool;
  private final LockFile lock;

  LockedSpool(Spool spool, LockFile lock) {
    this.spool = spool;
    this.lock = lock;
  }

  /**
   * The inputs and batches waiting, oldest first. Removes what killed runs left behind: temporary files,
   * and the progress of inputs that are gone.
   */
  public List<Spool.Entry> pending() throws IOException {
    removeLeftovers();
    return Spool.list(spool.directory());
  }

  /** The files set aside after a final refusal, oldest first: batches, inputs and long lines. */
  public List<Spool.Entry> rejected() throws IOException {
    Path rejected = rejectedDirectory();
    if (!Files.isDirectory(rejected)) {
      return List.of();
    }
    List<Spool.Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(rejected)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (Spool.isName(name, Spool.INPUT) || Spool.isName(name, Spool.BATCH) || isLineName(name)) {
          try {
            entries.add(new Spool.Entry(file, Instant.ofEpochMilli(Spool.millisOf(name)), Files.size(file)));
          } catch (NoSuchFileException e) {
            // Gone since the listing.
          }
        }
      }
    }
    Collections.sort(entries);
    return entries;
  }

  /** @throws IOException when the file cannot be read or is not a batch */
  public Batch readBatch(Spool.Entry entry) throws IOException {
    return BatchFile.read(entry.file());
  }

  /** @throws IOException when the file cannot be read or is not an input, saying why */
  public Input openInput(Spool.Entry entry) throws IOException {
    return new Input(entry);
  }

  /** Removes a delivered input or batch for good, and the input's progress. */
  public void finish(Spool.Entry entry) throws IOException {
    Files.deleteIfExists(entry.file()); // first: progress without its input is a leftover, the reverse a resend
    Files.deleteIfExists(progressOf(entry));
    Durable.forceDirectory(spool.directory());
  }

  /**
   * Moves a spooled file to {@code rejected/}, with the reason beside it in {@code <name>.answer}.
   *
   * @return where the file is now
   */
  public Path reject(Spool.Entry entry, String reason) throws IOException {
    Path rejected = rejectedDirectory();
    Spool.createDirectory(rejected);
    Path moved = rejected.resolve(entry.name());
    Files.move(entry.file(), moved, StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(progressOf(entry));
    writeAnswer(rejected.resolve(entry.name() + Spool.ANSWER), reason);
    Durable.forceDirectory(rejected);
    Durable.forceDirectory(spool.directory());
    return moved;
  }

  /**
   * Keeps one batch of an input in {@code rejected/} as a batch file of its own, with the reason beside
   * it; moved back into the spool, it is sent again.
   *
   * @return where it is kept
   */
  public Path setAside(Batch batch, String reason) throws IOException {
    Path rejected = rejectedDirectory();
    Spool.createDirectory(rejected);
    String name = spool.newName(Spool.BATCH);
    Path temp = rejected.resolve(Spool.TEMP_PREFIX + name);
    Path kept = rejected.resolve(name);
    try {
      BatchFile.write(temp, batch);
      Files.move(temp, kept, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Spool.deleteQuietly(temp);
      throw e;
    }
    writeAnswer(rejected.resolve(name + Spool.ANSWER), reason);
    Durable.forceDirectory(rejected);
    return kept;
  }

  /**
   * Drops the oldest files, waiting or set aside, until the spool holds at most maxBytes. Sizes count
   * the files with what is kept beside them (progress, answers).
   */
  public Trimmed trim(long maxBytes) throws IOException {
    List<Spool.Entry> all = new ArrayList<>(pending());
    all.addAll(rejected());
    Collections.sort(all);
    long total = 0;
    for (Spool.Entry entry : all) {
      total += entry.bytes() + companionBytes(entry);
    }
    int files = 0;
    long bytes = 0;
    Instant first = null;
    Instant last = null;
    for (Spool.Entry entry : all) {
      if (total <= maxBytes) {
        break;
      }
      long size = entry.bytes() + companionBytes(entry);
      Files.deleteIfExists(entry.file());
      Files.deleteIfExists(progressOf(entry));
      Files.deleteIfExists(answerOf(entry));
      total -= size;
      bytes += size;
      files++;
      first = first == null ? entry.spooled() : first;
      last = entry.spooled();
    }
    if (files > 0) {
      Durable.forceDirectory(spool.directory());
      if (Files.isDirectory(rejectedDirectory())) {
        Durable.forceDirectory(rejectedDirectory());
      }
    }
    return new Trimmed(files, bytes, first, last);
  }

  /** When the oldest waiting file was spooled, if any waits. */
  public Optional<Instant> oldest() throws IOException {
    List<Spool.Entry> entries = Spool.list(spool.directory());
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0).spooled());
  }

  /** Releases the lock; the next run may take it. */
  @Override
  public void close() throws IOException {
    lock.close();
  }

  private Path rejectedDirectory() {
    return spool.rejectedDirectory();
  }

  private long companionBytes(Spool.Entry entry) throws IOException {
    return sizeIfExists(progressOf(entry)) + sizeIfExists(answerOf(entry));
  }

  private static long sizeIfExists(Path file) throws IOException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  private static Path progressOf(Spool.Entry entry) {
    return entry.file().resolveSibling(entry.name() + Progress.SUFFIX);
  }

  private static Path answerOf(Spool.Entry entry) {
    return entry.file().resolveSibling(entry.name() + Spool.ANSWER);
  }

  private static void writeAnswer(Path file, String reason) throws IOException {
    Files.write(file, (reason + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** {@code <13 digits>-<7 digits>-<6 digits>-<line number>.line}. */
  private static boolean isLineName(String name) {
    int dash = name.lastIndexOf('-');
    if (dash < 0 || !name.endsWith(Spool.LINE) || !Spool.isName(name.substring(0, dash) + Spool.LINE, Spool.LINE)) {
      return false;
    }
    for (int i = dash + 1; i < name.length() - Spool.LINE.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return false;
      }
    }
    return name.length() - Spool.LINE.length() > dash + 1;
  }

  /** Temporary files of killed runs, and progress files whose input is gone (a kill while finishing). */
  private void removeLeftovers() throws IOException {
    Instant stale = spool.clock().instant().minus(STALE_TEMP_AGE);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(spool.directory())) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        try {
          if (name.startsWith(Spool.TEMP_PREFIX)) {
            if (Files.getLastModifiedTime(file).toInstant().isBefore(stale)) {
              Files.deleteIfExists(file);
            }
          } else if (name.endsWith(Progress.SUFFIX)
              && !Files.exists(file.resolveSibling(name.substring(0, name.length() - Progress.SUFFIX.length())))) {
            Files.deleteIfExists(file);
          }
        } catch (NoSuchFileException e) {
          // Renamed or removed by its run meanwhile: nothing left to do.
        }
      }
    }
  }
}
