package sonar.sonalyze.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What went wrong with the input while a command ran, for stderr: warnings (bad lines, a file where a
 * directory should be, a host without a size) leave the exit status alone, errors (a file that could
 * not be read) make it 1. Messages are one line each and name the file, line or host; they are printed
 * sorted, once the output is written, so that parallel readers print them in the same order every run.
 * Thread-safe.
 */
public final class Problems {

  private final List<String> warnings = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** A line of statistics that {@code --verbose} asked for. */
  public synchronized void note(String message) {
    notes.add(message);
  }

  public synchronized void warn(String message) {
    warnings.add(message);
  }

  public synchronized void error(String message) {
    errors.add(message);
  }

  public synchronized boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** Every line for stderr: notes as given, then errors and warnings, each sorted, without duplicates. */
  public synchronized List<String> lines() {
    List<String> all = new ArrayList<>(notes);
    errors.stream().sorted().distinct().forEach(message -> all.add("sonalyze: " + message));
    warnings.stream().sorted().distinct().forEach(message -> all.add("sonalyze: warning: " + message));
    return all;
  }

  /** Counts the bad records of one file and keeps the first, for one line of report. Not thread-safe. */
  public static final class BadLines {
    private final String file;
    private int count;
    private int firstLine;
    private String firstReason;

    public BadLines(String file) {
      this.file = file;
    }

    public void add(int line, String reason) {
      if (count++ == 0) {
        firstLine = line;
        firstReason = reason;
      }
    }

    /** Reports to problems, if anything was bad: {@code f.csv: line 3: ...; skipped (and 2 more bad lines)}. */
    public void reportTo(Problems problems) {
      if (count == 0) {
        return;
      }
      String more = count == 1 ? "" : " (and " + (count - 1) + " more bad line" + (count == 2 ? "" : "s") + ")";
      problems.warn(file + ": line " + firstLine + ": " + firstReason + "; skipped" + more);
    }
  }
}
