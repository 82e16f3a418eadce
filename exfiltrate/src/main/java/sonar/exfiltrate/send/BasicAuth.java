package sonar.exfiltrate.send;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * HTTP Basic credentials from an auth file of one {@code user/password} or {@code user:password} line,
 * as the data logger's auth file has them: the first {@code /} or {@code :} separates user and password,
 * white space around the line is ignored, and so are blank lines. Immutable.
 */
public record BasicAuth(String user, String password) {

  public BasicAuth {
    if (user.isEmpty() || password.isEmpty()) {
      throw new IllegalArgumentException("user and password must not be empty");
    }
  }

  /**
   * @throws IllegalArgumentException naming the file, and the line when one is wrong
   */
  public static BasicAuth load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read auth file " + file + ": " + describe(e));
    }
    return parse(lines, file.toString());
  }

  /** @param source names the lines in messages, usually the file's path */
  public static BasicAuth parse(List<String> lines, String source) {
    BasicAuth found = null;
    int foundLine = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      int number = i + 1;
      if (found != null) {
        throw bad(source, number, "a second user; the sender needs one, given on line " + foundLine);
      }
      int separator = firstSeparator(line);
      if (separator < 0) {
        throw bad(source, number, "expected user/password or user:password");
      }
      if (separator == 0) {
        throw bad(source, number, "the user name is empty");
      }
      if (separator == line.length() - 1) {
        throw bad(source, number, "the password is empty");
      }
      found = new BasicAuth(line.substring(0, separator), line.substring(separator + 1));
      foundLine = number;
    }
    if (found == null) {
      throw new IllegalArgumentException("auth file " + source + " holds no user/password line");
    }
    return found;
  }

  /** The value of an {@code Authorization} header. */
  public String header() {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "BasicAuth[user=" + user + "]"; // never the password
  }

  private static int firstSeparator(String line) {
    int colon = line.indexOf(':');
    int slash = line.indexOf('/');
    if (colon < 0) {
      return slash;
    }
    return slash < 0 ? colon : Math.min(colon, slash);
  }

  static String describe(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException ? "no such file"
        : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.toString();
  }

  private static IllegalArgumentException bad(String source, int line, String problem) {
    return new IllegalArgumentException("auth file " + source + " line " + line + ": " + problem);
  }
}
