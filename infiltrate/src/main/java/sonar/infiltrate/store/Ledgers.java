package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's ledgers with their files: routes each durable {@link Mark} to the ledger of its kind, and
 * moves the marks of a retired journal segment into the ledgers' files (appended and forced, the file
 * rewritten when it has grown), which must happen before the segment is deleted. At open, every ledger
 * learns what its file holds. {@link #apply} belongs to the writer thread (and to the start, before
 * it), {@link #persist} to the checkpoint thread (and to the start).
 */
final class Ledgers implements AutoCloseable {

  private record Kept(Ledger ledger, LedgerFile file) {}

  private final Map<Byte, Kept> byKind = new LinkedHashMap<>();

  private Ledgers() {}

  /** Opens each ledger's file in the directory, creating it if missing, and hands its marks to the ledger. */
  static Ledgers open(Path directory, List<Ledger> ledgers) throws IOException {
    Ledgers opened = new Ledgers();
    try {
      for (Ledger ledger : ledgers) {
        LedgerFile file = LedgerFile.open(directory.resolve(ledger.fileName()), group -> opened.apply(group, ledger));
        opened.byKind.put(ledger.kind(), new Kept(ledger, file));
      }
    } catch (IOException | RuntimeException e) {
      opened.close();
      throw e;
    }
    return opened;
  }

  /** Hands each mark of a durable group to its ledger; a kind no ledger knows (a later version's) is left. */
  void apply(Mark.Group group) {
    for (Mark mark : group.marks()) {
      Kept kept = byKind.get(mark.kind());
      if (kept != null) {
        kept.ledger().apply(group.time(), mark);
      }
    }
  }

  private void apply(Mark.Group group, Ledger ledger) {
    for (Mark mark : group.marks()) {
      if (mark.kind() == ledger.kind()) {
        ledger.apply(group.time(), mark);
      }
    }
  }

  /**
   * Appends the groups' marks to their ledgers' files, each file forced, and rewrites a file that has
   * grown enough.
   *
   * @param now epoch milliseconds, for what a rewrite forgets
   */
  void persist(List<Mark.Group> groups, long now) throws IOException {
    if (groups.isEmpty()) {
      return;
    }
    for (Kept kept : byKind.values()) {
      List<Mark.Group> own = new ArrayList<>();
      for (Mark.Group group : groups) {
        Mark.Group only = group.only(kept.ledger().kind());
        if (!only.marks().isEmpty()) {
          own.add(only);
        }
      }
      if (!own.isEmpty()) {
        kept.file().append(own);
        if (kept.file().grown()) {
          kept.file().rewrite(kept.ledger(), now);
        }
      }
    }
  }

  @Override
  public void close() {
    byKind.values().forEach(kept -> kept.file().close());
  }
}
