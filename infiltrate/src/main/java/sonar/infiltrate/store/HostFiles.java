package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import sonar.files.Durable;

/**
 * The data files the store appends to, kept open in a bounded cache (least recently used closed first),
 * with the offset where each file's next bytes go. Creates directories and files on first use and
 * remembers which directories gained entries, so a checkpoint can force them. A file whose write failed
 * is "behind": it keeps its unwritten appends, in order, and stays open until they are written. Nothing
 * is ever created or written outside the data directory: a symbolic link inside it, whether a cluster
 * or date directory or a data file, is refused, not followed. Used by the store's writer thread only.
 */
final class HostFiles implements AutoCloseable {

  /** Directory paths remembered as existing; past this many the memory starts over. */
  private static final int MAX_KNOWN_DIRECTORIES = 10_000;

  private final Path root;
  /** The root as the system resolves it: the data directory itself may be a symbolic link. */
  private final Path realRoot;
  private final int maxOpen;
  private final Ticker ticker;
  private final Map<String, HostFile> open = new LinkedHashMap<>(64, 0.75f, /* accessOrder= */ true);
  private final Set<Path> knownDirectories = new HashSet<>();
  private final Set<Path> changedDirectories = new HashSet<>();
  private int behind;

  /** An open data file. */
  static final class HostFile {
    /** As the journal and the batches name it: relative to the data directory, {@code /}-separated. */
    final String relativePath;
    /** Where it is, for the file system. */
    final Path absolutePath;
    private final FileChannel channel;
    /** Where the next append goes: the file's size plus everything appended but not yet written. */
    long end;
    private long lastUsed;
    private final ArrayDeque<JournalRecord.Entry> unwritten = new ArrayDeque<>();

    private HostFile(String relativePath, Path absolutePath, FileChannel channel, long now) throws IOException {
      this.relativePath = relativePath;
      this.absolutePath = absolutePath;
      this.channel = channel;
      this.end = channel.size();
      this.lastUsed = now;
    }

    boolean isBehind() {
      return !unwritten.isEmpty();
    }

    long size() throws IOException {
      return channel.size();
    }
  }

  HostFiles(Path root, int maxOpen, Ticker ticker) throws IOException {
    this.root = root;
    this.realRoot = root.toRealPath();
    this.maxOpen = maxOpen;
    this.ticker = ticker;
  }

  /**
   * The open file at a path relative to the root, opened (and created, with its directories) if needed.
   *
   * @throws IOException naming the path when it cannot be created or opened
   */
  HostFile open(String path) throws IOException {
    HostFile file = open.get(path);
    if (file != null) {
      file.lastUsed = ticker.nanos();
      return file;
    }
    Path target = root.resolve(path).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new IOException("refusing " + path + ": it resolves outside " + root);
    }
    try {
      file = openFile(path, target);
    } catch (NoSuchFileException e) { // a directory we knew was removed behind our back
      knownDirectories.clear();
      file = openFile(path, target);
    }
    open.put(path, file);
    return file;
  }

  /**
   * Writes an append at its offset. When the file is behind, or the write fails, the append waits in
   * order behind the others; {@link #retryBehind} tries again.
   */
  void write(HostFile file, JournalRecord.Entry entry) throws IOException {
    if (file.isBehind()) {
      file.unwritten.add(entry);
      retry(file);
      return;
    }
    try {
      Durable.writeFully(file.channel, entry.data().duplicate(), entry.offset());
    } catch (IOException e) {
      file.unwritten.add(entry);
      behind++;
      throw new IOException("writing " + file.relativePath + ": " + e.getMessage(), e);
    }
  }

  /** Whether some file has appends that could not be written yet. */
  boolean anyBehind() {
    return behind > 0;
  }

  /** Tries to write every behind file's waiting appends; returns true when none is behind any more. */
  boolean retryBehind() {
    if (behind == 0) {
      return true;
    }
    boolean caughtUp = true;
    for (HostFile file : open.values()) {
      if (file.isBehind()) {
        try {
          retry(file);
        } catch (IOException e) {
          caughtUp = false;
        }
      }
    }
    return caughtUp;
  }

  /** Writes the waiting appends of the file at a path, if it is behind. */
  void catchUp(String path) throws IOException {
    HostFile file = open.get(path);
    if (file != null && file.isBehind()) {
      retry(file);
    }
  }

  private void retry(HostFile file) throws IOException {
    while (!file.unwritten.isEmpty()) {
      JournalRecord.Entry entry = file.unwritten.peek();
      try {
        Durable.writeFully(file.channel, entry.data().duplicate(), entry.offset());
      } catch (IOException e) {
        throw new IOException("writing " + file.relativePath + ": " + e.getMessage(), e);
      }
      file.unwritten.remove();
    }
    behind--;
  }

  /** Directories in which entries were created since the last call: force them before trusting the entries. */
  Set<Path> takeChangedDirectories() {
    Set<Path> taken = Set.copyOf(changedDirectories);
    changedDirectories.clear();
    return taken;
  }

  /** Closes the files that are not behind; the next use reopens them. */
  void closeAll() {
    for (Iterator<HostFile> files = open.values().iterator(); files.hasNext(); ) {
      HostFile file = files.next();
      if (!file.isBehind()) {
        closeQuietly(file);
        files.remove();
      }
    }
  }

  /** Closes files unused for the given time, so that others may move them away once complete. */
  void closeUnusedFor(Duration idle) {
    long now = ticker.nanos();
    for (Iterator<HostFile> files = open.values().iterator(); files.hasNext(); ) {
      HostFile file = files.next();
      if (!file.isBehind() && now - file.lastUsed > idle.toNanos()) {
        closeQuietly(file);
        files.remove();
      }
    }
  }

  int openCount() {
    return open.size();
  }

  private HostFile openFile(String path, Path target) throws IOException {
    Path parent = target.getParent();
    ensureDirectory(parent);
    requireInside(parent);
    FileChannel channel;
    try {
      try {
        channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        changedDirectories.add(parent);
      } catch (FileAlreadyExistsException e) {
        channel = FileChannel.open(target, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException e) { // Java reports the refusal to follow as a plain IOException (ELOOP)
      if (Files.isSymbolicLink(target)) {
        throw symbolicLink(target);
      }
      throw e;
    }
    try {
      return new HostFile(path, target, channel, ticker.nanos());
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Makes sure a directory exists, as a directory of its own: its parents first, and each checked without
   * following links, so that nothing is created through a symbolic link.
   */
  private void ensureDirectory(Path directory) throws IOException {
    if (directory.equals(root) || knownDirectories.contains(directory)) {
      return;
    }
    Path parent = directory.getParent();
    ensureDirectory(parent);
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.isSymbolicLink(directory)) {
        throw symbolicLink(directory);
      }
      requireInside(parent);
      try {
        Files.createDirectory(directory);
        changedDirectories.add(parent);
      } catch (FileAlreadyExistsException e) {
        if (Files.isSymbolicLink(directory)) {
          throw symbolicLink(directory);
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(root.relativize(directory) + " exists and is not a directory", e);
        }
      }
    }
    if (knownDirectories.size() >= MAX_KNOWN_DIRECTORIES) {
      knownDirectories.clear();
    }
    knownDirectories.add(directory);
  }

  /**
   * Checks, just before creating something in it, that a directory still resolves to where it lies in
   * the data directory: one of its components, though checked when first used, may have been replaced
   * by a symbolic link since.
   */
  private void requireInside(Path directory) throws IOException {
    Path relative = root.relativize(directory);
    if (directory.toRealPath().equals(realRoot.resolve(relative))) {
      return;
    }
    knownDirectories.clear();
    for (Path component = root, rest = relative; rest != null && !rest.toString().isEmpty(); ) {
      component = component.resolve(rest.getName(0));
      if (Files.isSymbolicLink(component)) {
        throw symbolicLink(component);
      }
      rest = rest.getNameCount() > 1 ? rest.subpath(1, rest.getNameCount()) : null;
    }
    throw new IOException(relative + " leads outside the data directory");
  }

  private IOException symbolicLink(Path path) {
    return new IOException(root.relativize(path) + " is a symbolic link, which the store does not follow");
  }

  /**
   * Closes the least recently used files beyond the limit. Called between groups, never inside one, so
   * no file a group is about to write is closed under it.
   */
  void trim() {
    for (Iterator<HostFile> files = open.values().iterator(); open.size() > maxOpen && files.hasNext(); ) {
      HostFile file = files.next();
      if (!file.isBehind()) {
        closeQuietly(file);
        files.remove();
      }
    }
  }

  private static void closeQuietly(HostFile file) {
    try {
      file.channel.close();
    } catch (IOException e) {
      // Nothing is lost: the data written is in the page cache and in the journal until a checkpoint
      // forces the file by path.
    }
  }

  @Override
  public void close() {
    open.values().forEach(HostFiles::closeQuietly);
    open.clear();
  }
}
