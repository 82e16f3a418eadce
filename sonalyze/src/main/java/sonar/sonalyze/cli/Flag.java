package sonar.sonalyze.cli;

/**
 * One flag of a command: {@code --long}, optionally {@code -s}, a switch or taking a value (once, or
 * repeatedly), and its line of help.
 *
 * @param shortName the one-letter name, or 0
 * @param value the name of the value in help ({@code N}, {@code PATH}), null for a switch
 */
public record Flag(String longName, char shortName, String value, boolean repeatable, String help) {

  public static Flag toggle(String longName, char shortName, String help) {
    return new Flag(longName, shortName, null, false, help);
  }

  public static Flag toggle(String longName, String help) {
    return toggle(longName, (char) 0, help);
  }

  public static Flag once(String longName, char shortName, String value, String help) {
    return new Flag(longName, shortName, value, false, help);
  }

  public static Flag once(String longName, String value, String help) {
    return once(longName, (char) 0, value, help);
  }

  public static Flag repeated(String longName, char shortName, String value, String help) {
    return new Flag(longName, shortName, value, true, help);
  }

  public boolean takesValue() {
    return value != null;
  }

  /** {@code -u, --user USER} or {@code --batch}, as help shows it. */
  public String synopsis() {
    String name = (shortName != 0 ? "-" + shortName + ", " : "    ") + "--" + longName;
    return takesValue() ? name + " " + value : name;
  }
}
