package sonar.naicreport;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import sonar.naicreport.cli.UsageException;
import sonar.naicreport.sonalyze.SonalyzeException;

/**
 * One of naicreport's verbs. A run either completes, or throws: {@link UsageException} for its command
 * line, {@link IllegalArgumentException} for bad input (flags, files), {@link IOException} for a file that
 * cannot be read or written, {@link SonalyzeException} for a sonalyze command that failed. A verb that
 * fails writes no report file in part.
 */
public interface Verb {

  void run(List<String> args, Context context, PrintStream out, PrintStream err)
      throws UsageException, IOException, SonalyzeException;
}
