package sonar.exfiltrate.cli;

import java.util.Locale;

/** What is posted: parsed records as JSON (the reference's form), or sonar's lines as they were read. */
public enum Output {
  JSON, CSV;

  /** The flag's spelling of this output. */
  public String flagValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
