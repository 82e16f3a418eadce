package sonar.exfiltrate;

import sonar.exfiltrate.batch.Drops;

/**
 * Counts the records and fields of sonar's output dropped while parsing, and with {@code -v} prints each
 * in the reference's words. An input may be parsed by several runs (one that was stopped, then one that
 * resumes it): its drops count once, when it is finished; and a resuming run prints only those past the
 * batches sent before. Not thread-safe.
 */
final class DropCount implements Drops {

  private static final String RECORD = "Dropping record";

  private final Report report;
  private boolean quiet;
  private long records;
  private long fields;
  private long finishedRecords;
  private long finishedFields;

  DropCount(Report report) {
    this.report = report;
  }

  @Override
  public void dropped(String message) {
    if (message.startsWith(RECORD)) {
      records++;
    } else {
      fields++;
    }
    if (!quiet) {
      report.referenceDetail(message);
    }
  }

  /** Whether to print the drops found from now on (with {@code -v}). */
  void quiet(boolean quiet) {
    this.quiet = quiet;
  }

  /** Starts counting the drops of another input. */
  void startInput() {
    records = 0;
    fields = 0;
  }

  /** The input is done: its drops count. */
  void finishInput() {
    finishedRecords += records;
    finishedFields += fields;
    records = 0;
    fields = 0;
  }

  long records() {
    return finishedRecords;
  }

  long fields() {
    return finishedFields;
  }

  long total() {
    return finishedRecords + finishedFields;
  }
}
