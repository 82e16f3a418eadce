package sonar.infiltrate.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sonar.files.CredentialLines;

/**
 * The users and passwords an auth file allows, checked against HTTP Basic credentials in constant time.
 * The file holds one {@code user/password} or {@code user:password} per line (the first {@code /} or
 * {@code :} separates them; a user name holds neither); surrounding white space is trimmed and blank
 * lines are ignored. Immutable; thread-safe.
 */
public final class Credentials {

  private final Map<String, byte[]> passwordDigests;
  private final byte[] unknownUserDigest = digest("\0no such user\0");

  private Credentials(Map<String, byte[]> passwordDigests) {
    this.passwordDigests = Map.copyOf(passwordDigests);
  }

  /**
   * @throws IllegalArgumentException naming the file, the line and what is wrong with it
   * @throws IOException when the file cannot be read
   */
  public static Credentials load(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  /** @param source names the lines in messages, usually the file's path */
  public static Credentials parse(List<String> lines, String source) {
    Map<String, byte[]> digests = new HashMap<>();
    Map<String, Integer> firstLine = new HashMap<>();
    for (CredentialLines.Credential credential : CredentialLines.parse(lines, source)) {
      Integer earlier = firstLine.putIfAbsent(credential.user(), credential.line());
      if (earlier != null) {
        throw CredentialLines.bad(source, credential.line(),
            "user \"" + credential.user() + "\" is already given on line " + earlier);
      }
      digests.put(credential.user(), digest(credential.password()));
    }
    if (digests.isEmpty()) {
      throw new IllegalArgumentException("auth file " + source + " holds no credentials");
    }
    return new Credentials(digests);
  }

  /**
   * @param authorization the request's {@code Authorization} header, or null
   * @return the user, if the header carries Basic credentials of a known user with the right password
   */
  public Optional<String> authenticate(String authorization) {
    String decoded = basic(authorization);
    int colon = decoded == null ? -1 : decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String user = decoded.substring(0, colon);
    byte[] expected = passwordDigests.getOrDefault(user, unknownUserDigest);
    boolean matches = MessageDigest.isEqual(expected, digest(decoded.substring(colon + 1)));
    return matches && passwordDigests.containsKey(user) ? Optional.of(user) : Optional.empty();
  }

  /** The user name Basic credentials claim, right or wrong, or null when the header holds none. */
  public static String claimedUser(String authorization) {
    String decoded = basic(authorization);
    int colon = decoded == null ? -1 : decoded.indexOf(':');
    return colon < 0 ? null : decoded.substring(0, colon);
  }

  /** The {@code user:password} of Basic credentials, or null. */
  private static String basic(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public int users() {
    return passwordDigests.size();
  }

  /** Digests make every comparison the same length, so its time tells nothing about the password. */
  private static byte[] digest(String password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }
}
