package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import sonar.files.Durable;
import sonar.infiltrate.log.Log;

/**
 * Writes what an earlier run journalled to its files, forces them, and retires the journal's segments: the start of
 * every run, before the writer takes anything. An entry goes at its recorded offset, so replaying what
 * was already written changes nothing; if a file has become shorter than that offset (someone else
 * truncated or replaced it) the bytes are appended at its end instead, so that nothing is lost and no
 * hole is made. The marks go to their ledgers, and into the ledgers' files. A segment is retired only
 * once everything it holds is forced where it belongs.
 */
final class Replay {

  private final HostFiles files;
  private final Ledgers ledgers;
  private final Log log;
  private final Set<Path> touched = new HashSet<>();
  private final List<Mark.Group> marks = new ArrayList<>();
  private int records;
  private int entries;

  private Replay(HostFiles files, Ledgers ledgers, Log log) {
    this.files = files;
    this.ledgers = ledgers;
    this.log = log;
  }

  /**
   * Replays every segment the journal holds, oldest first, and gives them to the spares.
   *
   * @param now epoch milliseconds, should a ledger file be rewritten
   */
  static void run(Journal journal, HostFiles files, Ledgers ledgers, SpareSegments spares, Log log, long now)
      throws IOException {
    List<Path> segments = journal.segments();
    if (!segments.isEmpty()) {
      new Replay(files, ledgers, log).replay(segments, now, spares);
    }
  }

  private void replay(List<Path> segments, long now, SpareSegments spares) throws IOException {
    for (Path segment : segments) {
      Journal.Contents contents = Journal.read(segment);
      if (contents.unreadBytes() > 0) {
        log.info("journal " + segment.getFileName() + " ends in " + contents.unreadBytes() + " bytes that are no "
            + "whole record (one cut short, or what the file held before it was reused), never acknowledged; "
            + "skipping them");
      }
      for (ByteBuffer payload : contents.records()) {
        JournalRecord.Contents record = JournalRecord.decode(payload);
        for (JournalRecord.Entry entry : record.entries()) {
          write(entry);
        }
        if (record.marks() != null) {
          ledgers.apply(record.marks());
          marks.add(record.marks());
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
    ledgers.persist(marks, now);
    for (Path segment : segments) {
      spares.give(segment);
    }
    files.closeAll();
    log.info("replayed " + records + " journal records (" + entries + " appends to " + touched.size()
        + " files) from " + segments.size() + " segments");
  }

  private void write(JournalRecord.Entry entry) throws IOException {
    HostFiles.HostFile file = files.open(entry.path());
    long size = file.size();
    long offset = entry.offset();
    if (size < offset) {
      log.warning(file.absolutePath + " is shorter (" + size + " bytes) than the journal expects (" + offset
          + "); appending the journalled bytes at its end");
      offset = size;
    }
    files.write(file, new JournalRecord.Entry(entry.path(), offset, entry.data()));
    touched.add(file.absolutePath);
    entries++;
  }
}
