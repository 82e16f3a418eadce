package sonar.sonalyze.cli;

/** The text of {@code sonalyze help} and {@code sonalyze <command> --help}, in the style of a man page. */
public final class Help {

  private static final int FLAG_COLUMN = 30;
  private static final int WIDTH = 100;

  private Help() {}

  public static String program() {
    StringBuilder out = new StringBuilder();
    out.append("sonalyze - analyse the data sonar sends: jobs, load, uptime\n\n");
    out.append("Usage: sonalyze <command> [flags] [-- file...]\n\nCommands:\n");
    for (Command command : Command.values()) {
      out.append(String.format("  %-10s%s%n", command.word(), command.summary()));
    }
    out.append("\nThe data is read from the tree under --data-path (default $SONAR_ROOT, else $HOME/sonar/data),\n"
        + "or from the files named after --. \"sonalyze <command> --help\" lists a command's flags,\n"
        + "\"sonalyze <command> --fmt=help\" the fields it can print.\n");
    return out.toString();
  }

  public static String of(Command command) {
    StringBuilder out = new StringBuilder();
    out.append("sonalyze ").append(command.word()).append(" - ").append(command.summary()).append("\n\n");
    out.append("Usage: sonalyze ").append(command.word());
    if (!command.flags().isEmpty()) {
      out.append(" [flags] [-- file...]");
    }
    out.append('\n');
    if (!command.flags().isEmpty()) {
      out.append("\nFlags:\n");
      for (Flag flag : command.flags()) {
        String synopsis = "  " + flag.synopsis();
        out.append(synopsis);
        int column = synopsis.length();
        if (column >= FLAG_COLUMN - 1) {
          out.append('\n');
          column = 0;
        }
        wrap(out, flag.help(), column);
      }
      out.append("\nExit status: 0 when done, 1 when an input could not be read or a value is wrong, "
          + "2 for a usage error.\n");
    }
    return out.toString();
  }

  private static void wrap(StringBuilder out, String text, int column) {
    int at = column;
    for (String word : text.split(" ")) {
      if (at > FLAG_COLUMN && at + 1 + word.length() > WIDTH) {
        out.append('\n');
        at = 0;
      }
      while (at < FLAG_COLUMN) {
        out.append(' ');
        at++;
      }
      if (at > FLAG_COLUMN) {
        out.append(' ');
        at++;
      }
      out.append(word);
      at += word.length();
    }
    out.append('\n');
  }
}
