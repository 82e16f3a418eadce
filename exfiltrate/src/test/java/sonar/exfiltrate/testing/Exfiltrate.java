package sonar.exfiltrate.testing;

import java.util.List;

/** What a run of the sender came to: its exit status and what it printed. */
public record Exfiltrate(int status, String out, String err) {

  /** stderr, one entry per line. */
  public List<String> errLines() {
    return err.lines().toList();
  }
}
