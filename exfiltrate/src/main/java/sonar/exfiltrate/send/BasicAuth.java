package sonar.exfiltrate.send;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import sonar.files.CredentialLines;

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
    List<CredentialLines.Credential> credentials = CredentialLines.parse(lines, source);
    if (credentials.isEmpty()) {
      throw new IllegalArgumentException("auth file " + source + " holds no user/password line");
    }
    if (credentials.size() > 1) {
      throw CredentialLines.bad(source, credentials.get(1).line(),
          "a second user; the sender needs one, given on line " + credentials.get(0).line());
    }
    return new BasicAuth(credentials.get(0).user(), credentials.get(0).password());
  }

  /** The value of an {@code Authorization} header. */
  public String header() {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "BasicAuth[user=" + user + "]"; // never the password
  }

  static String describe(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException ? "no such file"
        : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.toString();
  }
}
