package sonar.naicreport.sonalyze;

import java.io.PrintStream;

/** Passes on what a sonalyze command that succeeded printed on stderr. Stateless. */
final class Warnings {

  private Warnings() {}

  /** Writes said to warnings as it is, ending in a newline, and flushes: cron mails it. */
  static void pass(String said, PrintStream warnings) {
    if (said.isEmpty()) {
      return;
    }
    warnings.print(said.endsWith("\n") ? said : said + "\n");
    warnings.flush();
  }
}
