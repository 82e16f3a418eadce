package sonar.files;

import java.util.ArrayList;
import java.util.List;

/**
 * The auth file that sender and server share: one {@code user/password} or {@code user:password} per
 * line (the first {@code /} or {@code :} separates them, so a user name holds neither; both forms exist
 * in the field), surrounding white space trimmed, blank lines ignored. Stateless.
 */
public final class CredentialLines {

  /** One user and password, with the line it came from (counting from 1), for messages. */
  public record Credential(int line, String user, String password) {
    @Override
    public String toString() {
      return "Credential[line=" + line + ", user=" + user + "]"; // never the password
    }
  }

  private CredentialLines() {}

  /**
   * @param source names the lines in messages, usually the file's path
   * @throws IllegalArgumentException naming the source, the line and what is wrong with it
   */
  public static List<Credential> parse(List<String> lines, String source) {
    List<Credential> credentials = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      int number = i + 1;
      int separator = firstSeparator(line);
      if (separator < 0) {
        throw bad(source, number, "expected user:password or user/password");
      }
      String user = line.substring(0, separator);
      if (user.isEmpty()) {
        throw bad(source, number, "the user name is empty");
      }
      if (separator == line.length() - 1) {
        throw bad(source, number, "the password of \"" + user + "\" is empty");
      }
      credentials.add(new Credential(number, user, line.substring(separator + 1)));
    }
    return credentials;
  }

  /** An error about one line of the file, in the words both programs use. */
  public static IllegalArgumentException bad(String source, int line, String problem) {
    return new IllegalArgumentException("auth file " + source + " line " + line + ": " + problem);
  }

  private static int firstSeparator(String line) {
    int colon = line.indexOf(':');
    int slash = line.indexOf('/');
    if (colon < 0) {
      return slash;
    }
    return slash < 0 ? colon : Math.min(colon, slash);
  }
}
