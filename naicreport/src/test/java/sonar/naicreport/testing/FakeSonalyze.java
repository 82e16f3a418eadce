package sonar.naicreport.testing;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sonar.naicreport.sonalyze.SonalyzeException;
import sonar.naicreport.sonalyze.SonalyzeRunner;

/**
 * A sonalyze that answers from canned output, chosen by the first argument that matches a key (a verb
 * such as {@code uptime}, or a flag such as {@code --half-daily}), and records every command it got.
 */
public final class FakeSonalyze implements SonalyzeRunner {

  private final Map<String, String> answers = new LinkedHashMap<>();
  private final List<List<String>> commands = new ArrayList<>();
  private String failure;
  private String warning = "";

  /** Answers commands that hold this argument; keys added first are tried first. */
  public FakeSonalyze answer(String argument, String output) {
    answers.put(argument, output);
    return this;
  }

  /** Fails every command with this message. */
  public FakeSonalyze failWith(String message) {
    failure = message;
    return this;
  }

  /** Prints this on stderr for every command that succeeds, as a sonalyze that skipped a bad line does. */
  public FakeSonalyze warn(String text) {
    warning = text;
    return this;
  }

  public List<List<String>> commands() {
    return commands;
  }

  @Override
  public String run(List<String> arguments, PrintStream warnings) throws SonalyzeException {
    commands.add(List.copyOf(arguments));
    if (failure != null) {
      throw new SonalyzeException(failure);
    }
    for (Map.Entry<String, String> answer : answers.entrySet()) {
      if (arguments.contains(answer.getKey())) {
        warnings.print(warning);
        return answer.getValue();
      }
    }
    throw new AssertionError("no canned answer for " + arguments);
  }
}
