package sonar.exfiltrate.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import sonar.files.Durable;
import sonar.files.LockFile;

/**
 * Batches waiting for delivery, one file each in a directory on local disk. A batch is in the spool once
 * {@link #add} returns: it was written under a temporary name, forced, renamed, and the directory forced,
 * so a crash leaves each batch whole or absent, never torn. Only the holder of the spool's lock (see
 * {@link #tryLock}) reads, deletes, sets aside or drops batches; adding needs no lock, as every run
 * writes files of its own names. Files are named {@code <spooled epoch ms>-<pid>-<sequence>.batch}, so
 * the order of names is the order of spooling. Not thread-safe; two processes may share a spool.
 */
public final class Spool {

  private static final String SUFFIX = ".batch";
  private static final String ANSWER_SUFFIX = ".answer";
  private static final String TEMP_PREFIX = ".tmp-";
  private static final String LOCK_FILE = "lock";
  private static final String REJECTED = "rejected";
  /** Digits of the three parts of a name: milliseconds, process id, sequence. */
  private static final int[] NAME_DIGITS = {13, 7, 6};
  /** A run writes its temporary files within a second of starting; one this old was left by a killed run. */
  private static final Duration STALE_TEMP_AGE = Duration.ofHours(1);

  /** A spooled batch: its file, when it was spooled, and the file's size. Ordered by name, so oldest first. */
  public record Entry(Path file, Instant spooled, long bytes) implements Comparable<Entry> {
    public String name() {
      return file.getFileName().toString();
    }

    @Override
    public int compareTo(Entry other) {
      return name().compareTo(other.name());
    }
  }

  /** What {@link Locked#trim} dropped; {@code first} and {@code last} are null when it dropped nothing. */
  public record Trimmed(int batches, long records, long bytes, Instant first, Instant last) {
    public boolean isEmpty() {
      return batches == 0;
    }
  }

  private final Path directory;
  private final Clock clock;
  private final long pid;
  private int sequence;

  /**
   * @param clock stamps the names of new batches, and judges the age of temporary files
   * @param pid this process's id, which keeps the names of runs spooling at once apart
   */
  public Spool(Path directory, Clock clock, long pid) {
    this.directory = directory;
    this.clock = clock;
    this.pid = pid;
  }

  public Path directory() {
    return directory;
  }

  public Path rejectedDirectory() {
    return directory.resolve(REJECTED);
  }

  /**
   * Puts batches in the spool durably, in order, creating the directory (readable by its owner only) if
   * missing. All or nothing: when this returns, every batch survives a crash or a power loss; when it
   * throws, none of them is in the spool, so the caller may send them from memory without duplicates.
   *
   * @throws IOException naming the file or directory that could not be written
   */
  public List<Entry> add(List<Batch> batches) throws IOException {
    createDirectory(directory);
    long now = clock.millis();
    List<Entry> added = new ArrayList<>(batches.size());
    try {
      for (Batch batch : batches) {
        added.add(write(batch, now));
      }
      Durable.forceDirectory(directory);
    } catch (IOException e) {
      for (Entry entry : added) {
        deleteQuietly(entry.file());
      }
      throw e;
    }
    return added;
  }

  private Entry write(Batch batch, long now) throws IOException {
    String name = digits(now, NAME_DIGITS[0]) + "-" + digits(pid % 10_000_000, NAME_DIGITS[1]) + "-"
        + digits(sequence++, NAME_DIGITS[2]) + SUFFIX;
    Path temp = directory.resolve(TEMP_PREFIX + name);
    Path file = directory.resolve(name);
    byte[] header = (batch.path() + " " + batch.contentType() + " " + batch.records() + "\n")
        .getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      Durable.writeFully(channel, ByteBuffer.wrap(header));
      Durable.writeFully(channel, ByteBuffer.wrap(batch.body()));
      channel.force(/* metaData= */ true);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new IOException("cannot write spool file " + temp + ": " + e, e);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    return new Entry(file, Instant.ofEpochMilli(now), header.length + (long) batch.body().length);
  }

  /**
   * Whether a notice that would repeat every run is due: true the first time in a day (24 hours, by a
   * marker file in the spool whose time it resets), and whenever the marker cannot be kept.
   */
  public boolean dailyNoticeDue(String notice) {
    Path marker = directory.resolve(".notice-" + notice);
    try {
      createDirectory(directory);
      if (Files.exists(marker)
          && Files.getLastModifiedTime(marker).toInstant().isAfter(clock.instant().minus(Duration.ofDays(1)))) {
        return false;
      }
      Files.write(marker, new byte[0]);
      Files.setLastModifiedTime(marker, FileTime.from(clock.instant()));
    } catch (IOException e) {
      return true; // better a line too many than a warning never given
    }
    return true;
  }

  /** Whether no batch waits; false when the spool cannot be read, so that a run goes on to find out why. */
  public boolean isEmpty() {
    try {
      return !Files.isDirectory(directory) || list(directory).isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Takes the spool's lock, held until the handle is closed or the process ends (the system releases it
   * even after {@code kill -9}).
   *
   * @return null when another run holds it
   */
  public Locked tryLock() throws IOException {
    createDirectory(directory);
    LockFile lock = LockFile.tryAcquire(directory.resolve(LOCK_FILE));
    return lock == null ? null : new Locked(lock);
  }

  /** The spool while its lock is held: what only one run at a time may do. Not thread-safe. */
  public final class Locked implements AutoCloseable {
    private final LockFile lock;

    private Locked(LockFile lock) {
      this.lock = lock;
    }

    /** The batches waiting, oldest first. Removes temporary files that killed runs left behind. */
    public List<Entry> pending() throws IOException {
      removeStaleTemporaryFiles();
      return list(directory);
    }

    /** The batches set aside after a final refusal, oldest first. */
    public List<Entry> rejected() throws IOException {
      return Files.isDirectory(rejectedDirectory()) ? list(rejectedDirectory()) : List.of();
    }

    /** @throws IOException when the file cannot be read or is not a batch */
    public Batch read(Entry entry) throws IOException {
      byte[] bytes = Files.readAllBytes(entry.file());
      int newline = 0;
      while (newline < bytes.length && bytes[newline] != '\n') {
        newline++;
      }
      String[] header = new String(bytes, 0, newline, StandardCharsets.UTF_8).split(" ");
      try {
        if (newline == bytes.length || header.length != 3) {
          throw new IllegalArgumentException("no header line \"<path> <content type> <records>\"");
        }
        byte[] body = new byte[bytes.length - newline - 1];
        System.arraycopy(bytes, newline + 1, body, 0, body.length);
        return new Batch(header[0], header[1], Integer.parseInt(header[2]), body);
      } catch (IllegalArgumentException e) { // NumberFormatException is one
        throw new IOException("spool file " + entry.file() + " is not a batch: " + e.getMessage(), e);
      }
    }

    /** Removes a delivered batch for good: the directory is forced, so that no crash brings it back. */
    public void delete(Entry entry) throws IOException {
      Files.deleteIfExists(entry.file());
      Durable.forceDirectory(directory);
    }

    /**
     * Moves a batch to {@code rejected/}, with the reason beside it in {@code <name>.answer}.
     *
     * @return where the batch is now
     */
    public Path reject(Entry entry, String reason) throws IOException {
      Path rejected = rejectedDirectory();
      createDirectory(rejected);
      Path moved = rejected.resolve(entry.name());
      Files.move(entry.file(), moved, StandardCopyOption.ATOMIC_MOVE);
      Files.writeString(rejected.resolve(entry.name() + ANSWER_SUFFIX), reason + "\n", StandardCharsets.UTF_8);
      return moved;
    }

    /**
     * Drops the oldest batches, waiting or set aside, until the spool holds at most maxBytes. Sizes count
     * batch files and the answers beside set-aside ones.
     */
    public Trimmed trim(long maxBytes) throws IOException {
      List<Entry> all = new ArrayList<>(pending());
      all.addAll(rejected());
      Collections.sort(all);
      long total = 0;
      for (Entry entry : all) {
        total += entry.bytes() + answerBytes(entry);
      }
      int batches = 0;
      long records = 0;
      long bytes = 0;
      Instant first = null;
      Instant last = null;
      for (Entry entry : all) {
        if (total <= maxBytes) {
          break;
        }
        long size = entry.bytes() + answerBytes(entry);
        records += recordsIn(entry);
        Files.deleteIfExists(entry.file());
        Files.deleteIfExists(answerOf(entry));
        total -= size;
        bytes += size;
        batches++;
        first = first == null ? entry.spooled() : first;
        last = entry.spooled();
      }
      if (batches > 0) {
        Durable.forceDirectory(directory);
      }
      return new Trimmed(batches, records, bytes, first, last);
    }

    /** When the oldest waiting batch was spooled, if any waits. */
    public Optional<Instant> oldest() throws IOException {
      List<Entry> entries = list(directory);
      return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0).spooled());
    }

    private long answerBytes(Entry entry) throws IOException {
      Path answer = answerOf(entry);
      return Files.exists(answer) ? Files.size(answer) : 0;
    }

    private Path answerOf(Entry entry) {
      return entry.file().resolveSibling(entry.name() + ANSWER_SUFFIX);
    }

    /** The record count from a batch's header; 0 when it cannot be read, as for a damaged file. */
    private long recordsIn(Entry entry) {
      try (InputStream in = Files.newInputStream(entry.file())) {
        String header = new String(in.readNBytes(512), StandardCharsets.UTF_8);
        int newline = header.indexOf('\n');
        String[] parts = header.substring(0, Math.max(newline, 0)).split(" ");
        return parts.length == 3 ? Long.parseLong(parts[2]) : 0;
      } catch (IOException | NumberFormatException e) {
        return 0; // only a count in a message depends on it
      }
    }

    private void removeStaleTemporaryFiles() throws IOException {
      Instant stale = clock.instant().minus(STALE_TEMP_AGE);
      try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, TEMP_PREFIX + "*")) {
        for (Path temp : temps) {
          try {
            if (Files.getLastModifiedTime(temp).toInstant().isBefore(stale)) {
              Files.deleteIfExists(temp);
            }
          } catch (NoSuchFileException e) {
            // Renamed or removed by its run meanwhile: nothing left to do.
          }
        }
      }
    }

    /** Releases the lock; the next run may take it. */
    @Override
    public void close() throws IOException {
      lock.close();
    }
  }

  /** Batch files in a directory, oldest first. */
  private static List<Entry> list(Path dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!isBatchName(name)) {
          continue; // not ours
        }
        try {
          entries.add(new Entry(file, Instant.ofEpochMilli(Long.parseLong(name.substring(0, NAME_DIGITS[0]))),
              Files.size(file)));
        } catch (NoSuchFileException e) {
          // Dropped or set aside by another run since the listing: no longer waiting.
        }
      }
    }
    Collections.sort(entries);
    return entries;
  }

  /** Whether a name is {@code <13 digits>-<7 digits>-<6 digits>.batch}. */
  private static boolean isBatchName(String name) {
    int at = 0;
    for (int part = 0; part < NAME_DIGITS.length; part++) {
      for (int i = 0; i < NAME_DIGITS[part]; i++, at++) {
        if (at >= name.length() || name.charAt(at) < '0' || name.charAt(at) > '9') {
          return false;
        }
      }
      if (part < NAME_DIGITS.length - 1 && (at >= name.length() || name.charAt(at++) != '-')) {
        return false;
      }
    }
    return name.length() == at + SUFFIX.length() && name.endsWith(SUFFIX);
  }

  /** A number with leading zeros to the given width; cheaper at startup than {@link String#format}. */
  private static String digits(long value, int width) {
    String text = Long.toString(value);
    StringBuilder padded = new StringBuilder(width);
    for (int i = text.length(); i < width; i++) {
      padded.append('0');
    }
    return padded.append(text).toString();
  }

  private static void createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw new IOException("cannot create spool directory " + dir + ": a file of that name is in the way", e);
      } // else created by a run starting at the same time
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir); // not a POSIX file system: its default permissions
    } catch (IOException e) {
      throw new IOException("cannot create spool directory " + dir + ": " + e, e);
    }
  }

  /** For cleaning up after a failure that is reported already. */
  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The failure being reported says what is wrong; a stray temporary file is removed by a later run.
    }
  }

}
