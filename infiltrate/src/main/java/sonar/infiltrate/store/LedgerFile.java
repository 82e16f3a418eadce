package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import sonar.files.Durable;

/**
 * A ledger's file: a magic header, then records {@code [length][crc32c][group]}, one per checkpoint, as
 * the journal frames its records. Appends are forced before they count. A crash during an append leaves
 * at most an incomplete last record, which opening the file cuts off (its marks are still in the journal
 * segment, which is deleted only after the append). A rewrite goes to a temporary file, forced, then
 * renamed over the old one, so either file is whole. Used by one thread at a time: at start, then the
 * checkpoint thread.
 */
final class LedgerFile implements AutoCloseable {

  private static final byte[] MAGIC = "SONARL01".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = Journal.RECORD_HEADER_BYTES;
  /** A file is rewritten once it is this much larger than after its last rewrite, and twice as large. */
  private static final long REWRITE_SLACK_BYTES = 1 << 20;

  private final Path path;
  private final Path temporary;
  private FileChannel channel;
  private long size;
  private long sizeAfterRewrite;

  private LedgerFile(Path path) {
    this.path = path;
    this.temporary = path.resolveSibling(path.getFileName() + ".tmp");
  }

  /**
   * Opens the file, creating it if missing, and hands every group it holds to {@code each}, oldest first.
   * An incomplete last record is cut off.
   */
  static LedgerFile open(Path path, Consumer<Mark.Group> each) throws IOException {
    LedgerFile file = new LedgerFile(path);
    Files.deleteIfExists(file.temporary); // a rewrite a crash interrupted: the old file is whole
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      file.create(path);
    }
    file.channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    long end = file.read(each);
    if (end < file.channel.size()) {
      file.channel.truncate(end);
      file.channel.force(/* metaData= */ true);
    }
    file.size = end;
    file.sizeAfterRewrite = end;
    return file;
  }

  private void create(Path target) throws IOException {
    Path fresh = target.resolveSibling(target.getFileName() + ".new");
    try (FileChannel created = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      Durable.writeFully(created, ByteBuffer.wrap(MAGIC), 0);
      created.force(/* metaData= */ true);
    }
    Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
    Durable.forceDirectory(target.getParent());
  }

  /** Reads the groups up to the first incomplete or corrupt record; returns where that is. */
  private long read(Consumer<Mark.Group> each) throws IOException {
    ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
    channel.read(magic, 0);
    if (magic.position() < MAGIC.length || !magic.flip().equals(ByteBuffer.wrap(MAGIC))) {
      throw new IOException(path + " is not a ledger file of this server");
    }
    long at = MAGIC.length;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    CRC32C crc = new CRC32C();
    while (readFully(header.clear(), at)) {
      int length = header.getInt(0);
      if (length < 0 || length > channel.size() - at - HEADER) {
        break;
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      if (!readFully(payload, at + HEADER)) {
        break;
      }
      crc.reset();
      crc.update(payload.flip().duplicate());
      if ((int) crc.getValue() != header.getInt(4)) {
        break;
      }
      each.accept(Mark.Group.decode(payload));
      at += HEADER + length;
    }
    return at;
  }

  private boolean readFully(ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Appends the groups and forces the file. */
  void append(List<Mark.Group> groups) throws IOException {
    size += write(channel, size, groups);
    channel.force(/* metaData= */ false);
  }

  /** Whether the file has grown enough since its last rewrite to be worth rewriting. */
  boolean grown() {
    return size > 2 * sizeAfterRewrite + REWRITE_SLACK_BYTES;
  }

  /** Rewrites the file with what the ledger keeps of it; the old file stays whole until the rename. */
  void rewrite(Ledger ledger, long now) throws IOException {
    long end;
    try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      Durable.writeFully(out, ByteBuffer.wrap(MAGIC), 0);
      long[] at = {MAGIC.length};
      ledger.compact(reader(), group -> at[0] += write(out, at[0], List.of(group)), now);
      out.force(/* metaData= */ true);
      end = at[0];
    }
    Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Durable.forceDirectory(path.getParent());
    channel.close();
    channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    size = end;
    sizeAfterRewrite = end;
  }

  /** The file's groups one at a time, oldest first, without holding them all in memory. */
  private Ledger.Source reader() {
    long[] at = {MAGIC.length};
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    return () -> {
      if (at[0] >= size || !readFully(header.clear(), at[0])) {
        return null;
      }
      ByteBuffer payload = ByteBuffer.allocate(header.getInt(0));
      readFully(payload, at[0] + HEADER);
      at[0] += HEADER + payload.capacity();
      return Mark.Group.decode(payload.flip());
    };
  }

  /** Writes the groups as framed records at a position; returns the bytes written. */
  private static long write(FileChannel out, long position, List<Mark.Group> groups) throws IOException {
    int bytes = 0;
    for (Mark.Group group : groups) {
      bytes += HEADER + group.encodedSize();
    }
    ByteBuffer buffer = ByteBuffer.allocate(bytes);
    CRC32C crc = new CRC32C();
    for (Mark.Group group : groups) {
      int start = buffer.position();
      buffer.position(start + HEADER);
      group.encode(buffer);
      crc.reset();
      crc.update(buffer.duplicate().position(start + HEADER).limit(buffer.position()));
      buffer.putInt(start, buffer.position() - start - HEADER).putInt(start + 4, (int) crc.getValue());
    }
    Durable.writeFully(out, buffer.flip(), position);
    return bytes;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Everything appended was forced: closing loses nothing.
    }
  }
}
