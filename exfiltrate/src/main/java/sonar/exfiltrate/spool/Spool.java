package sonar.exfiltrate.spool;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import sonar.files.Durable;
import sonar.files.LockFile;

/**
 * Sonar's output waiting for delivery, in a directory on local disk: one file per run that read it
 * ({@code .input}: a header, then the output as read), and single batches ({@code .batch}: set aside,
 * or spooled by earlier versions). An input is in the spool once {@link #add} returns: it was written
 * under a temporary name, forced, renamed, and the directory forced, so a crash leaves each file whole or
 * absent, never torn. Only the holder of the spool's lock (see {@link #tryLock}) reads, deletes, sets
 * aside or drops files; adding needs no lock, as every run writes files of its own names. Files are named
 * {@code <spooled epoch ms>-<pid>-<sequence>.<kind>}, so the order of names is the order of spooling.
 * Not thread-safe; processes may share a spool.
 */
public final class Spool {

  static final String INPUT = ".input";
  static final String BATCH = ".batch";
  static final String ANSWER = ".answer";
  static final String LINE = ".line";
  static final String TEMP_PREFIX = ".tmp-";
  private static final String LOCK_FILE = "lock";
  private static final String REJECTED = "rejected";
  /** Digits of the three parts of a name: milliseconds, process id, sequence. */
  private static final int[] NAME_DIGITS = {13, 7, 6};
  private static final int COPY_BUFFER = 64 * 1024;

  /** A spooled file: an input or a batch, when it was spooled, and its size. Ordered by name, so oldest first. */
  public record Entry(Path file, Instant spooled, long bytes) implements Comparable<Entry> {
    public String name() {
      return file.getFileName().toString();
    }

    public boolean isInput() {
      return name().endsWith(INPUT);
    }

    @Override
    public int compareTo(Entry other) {
      return name().compareTo(other.name());
    }
  }

  /**
   * What became of an input handed to {@link #add}: in the spool ({@code entry}), or, when the spool
   * failed, the whole input to send without it ({@code unspooled}: what was read, then the rest), with
   * the reason; all null for an empty input. {@code readFailure} says that reading stopped early; what
   * was read is spooled.
   */
  public record Added(Entry entry, InputStream unspooled, IOException failure, IOException readFailure) {}

  private final Path directory;
  private final Clock clock;
  private final long pid;
  private int sequence;

  /**
   * @param clock stamps the names of new files, and judges the age of temporary files
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
   * Copies an input into the spool as it is read, in bounded memory, then makes it durable, creating the
   * directory (readable by its owner only) if missing. When this returns an entry, the input survives a
   * crash or a power loss. When the spool fails (disk full, permissions), nothing is left in it and the
   * input is handed back whole, so that it may be sent without the spool and without duplicates.
   */
  public Added add(InputStream in, InputFile.Header header) {
    Path temp = null;
    byte[] buffer = new byte[COPY_BUFFER];
    long copied = 0; // of sonar's output, on disk in temp
    int pending = 0; // read into buffer, not yet on disk
    IOException readFailure = null;
    try {
      createDirectory(directory);
      String name = newName(INPUT);
      temp = directory.resolve(TEMP_PREFIX + name);
      byte[] head = InputFile.header(header);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        Durable.writeFully(channel, ByteBuffer.wrap(head));
        while (true) {
          try {
            pending = in.read(buffer, 0, buffer.length);
          } catch (IOException e) {
            readFailure = e;
            pending = 0;
            break;
          }
          if (pending < 0) {
            pending = 0;
            break;
          }
          Durable.writeFully(channel, ByteBuffer.wrap(buffer, 0, pending));
          copied += pending;
          pending = 0;
        }
        if (copied == 0) {
          channel.close();
          Files.delete(temp); // nothing to send: no file to send it from
          return new Added(null, null, null, readFailure);
        }
        channel.force(/* metaData= */ true);
      }
      Path file = directory.resolve(name);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      Durable.forceDirectory(directory);
      return new Added(new Entry(file, Instant.ofEpochMilli(millisOf(name)), head.length + copied), null, null,
          readFailure);
    } catch (IOException e) {
      InputStream rest = new SequenceInputStream(new ByteArrayInputStream(buffer, 0, pending), in);
      if (temp == null) {
        return new Added(null, rest, e, readFailure);
      }
      try {
        return new Added(null, new SequenceInputStream(copiedSoFar(temp, copied), rest), e, readFailure);
      } catch (IOException unreadable) {
        deleteQuietly(temp);
        return new Added(null, rest, new IOException(e.getMessage() + "; the first " + copied + " bytes of sonar's "
            + "output, copied before, cannot be read back (" + Failures.describe(unreadable) + ") and are lost", e),
            readFailure);
      }
    }
  }

  /** What was copied to temp, to read once more; temp is gone from the spool at once. */
  private static InputStream copiedSoFar(Path temp, long copied) throws IOException {
    InputStream written = Files.newInputStream(temp);
    try {
      InputFile.readHeader(written);
      Files.delete(temp); // what is open stays readable; the spool no longer shows it
    } catch (IOException e) {
      written.close();
      throw e;
    }
    return new BoundedInputStream(written, copied);
  }

  /**
   * Checks that an input the launcher spooled before starting this process is one of this spool's.
   *
   * @return whether it is still there: another run, which held the lock meanwhile, may have sent it
   * @throws IOException when the file is not an input of this spool, saying why
   */
  public boolean adopt(Path input) throws IOException {
    Path file = input.toAbsolutePath();
    if (!isName(file.getFileName().toString(), INPUT) || !file.getParent().equals(directory.toAbsolutePath())) {
      throw new IOException("the launcher spooled sonar's output in " + input + ", which is not an input of spool "
          + directory);
    }
    return Files.exists(file);
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

  /** Whether nothing waits; false when the spool cannot be read, so that a run goes on to find out why. */
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
  public LockedSpool tryLock() throws IOException {
    createDirectory(directory);
    LockFile lock = LockFile.tryAcquire(directory.resolve(LOCK_FILE), pid);
    return lock == null ? null : new LockedSpool(this, lock);
  }

  Clock clock() {
    return clock;
  }

  /** A new name, {@code <now>-<pid>-<sequence><suffix>}. */
  String newName(String suffix) {
    return digits(clock.millis(), NAME_DIGITS[0]) + "-" + digits(pid % 10_000_000, NAME_DIGITS[1]) + "-"
        + digits(sequence++, NAME_DIGITS[2]) + suffix;
  }

  /** Inputs and batches in a directory, oldest first. */
  static List<Entry> list(Path dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    // Every file, and names checked here: a glob pattern would compile a regular expression on every run.
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (!isName(name, INPUT) && !isName(name, BATCH)) {
          continue; // not ours, or not waiting
        }
        try {
          entries.add(new Entry(file, Instant.ofEpochMilli(millisOf(name)), Files.size(file)));
        } catch (NoSuchFileException e) {
          // Dropped or set aside by another run since the listing: no longer waiting.
        }
      }
    }
    Collections.sort(entries);
    return entries;
  }

  static long millisOf(String name) {
    return Long.parseLong(name.substring(0, NAME_DIGITS[0]));
  }

  /** Whether a name is {@code <13 digits>-<7 digits>-<6 digits><suffix>}. */
  static boolean isName(String name, String suffix) {
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
    return name.length() == at + suffix.length() && name.endsWith(suffix);
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

  static void createDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
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
        throw new IOException("cannot create spool directory " + dir + ": " + Failures.describe(e), e);
      }
    }
    requireOwnIfShared(dir);
  }

  /**
   * A spool in a directory that others may write to (such as /var/tmp, where a user without a home
   * spools) must be this user's own and private: anyone else could have made it first, to read what is
   * spooled or to have this node send data of theirs.
   */
  private static void requireOwnIfShared(Path dir) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    try {
      if (parent == null || !Files.getPosixFilePermissions(parent).contains(PosixFilePermission.OTHERS_WRITE)) {
        return;
      }
      PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Set<PosixFilePermission> permissions = attributes.permissions();
      String user = System.getProperty("user.name");
      if (!attributes.isDirectory() || !attributes.owner().getName().equals(user)
          || permissions.contains(PosixFilePermission.GROUP_WRITE)
          || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new IOException("spool directory " + dir + " is in " + parent + ", where anyone may create files, and is"
            + " not a private directory of " + user + "'s (it is " + (attributes.isSymbolicLink() ? "a symbolic link"
            : "owned by " + attributes.owner().getName() + ", mode " + PosixFilePermissions.toString(permissions))
            + "): remove it, or choose another -spool-dir");
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check by.
    }
  }

  /** For cleaning up after a failure that is reported already. */
  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The failure being reported says what is wrong; a stray temporary file is removed by a later run.
    }
  }

  /** The first bytes of a stream. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      left -= b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int read = in.read(bytes, offset, (int) Math.min(length, left));
      left -= Math.max(read, 0);
      return read;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
