package sonar.infiltrate.auth;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import sonar.infiltrate.log.Log;

/**
 * The auth file and the credentials in force from it. {@link #reload} reads the file again and puts the
 * new credentials in force if the file is good; a malformed or unreadable file is logged and the old
 * credentials stay. Thread-safe.
 */
public final class AuthFile {

  private final Path file;
  private final Log log;
  private final AtomicReference<Credentials> current = new AtomicReference<>();

  /**
   * @throws IllegalArgumentException naming the file and line when it is malformed
   * @throws IOException naming the file when it cannot be read
   */
  public AuthFile(Path file, Log log) throws IOException {
    this.file = file;
    this.log = log;
    try {
      current.set(Credentials.load(file));
    } catch (IOException e) {
      throw new IOException("cannot read auth file " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  public Credentials credentials() {
    return current.get();
  }

  /** @return null when the file's credentials are in force now; else why the file was refused */
  public String reload() {
    try {
      Credentials next = Credentials.load(file);
      current.set(next);
      log.info("auth file " + file + " reloaded: " + next.users() + " users");
      return null;
    } catch (IOException | IllegalArgumentException e) {
      String problem = e instanceof NoSuchFileException ? "cannot read auth file " + file + ": no such file"
          : e instanceof IOException ? "cannot read auth file " + file + ": " + e.getMessage()
          : e.getMessage();
      log.warning("auth file " + file + " refused, keeping the " + current.get().users() + " users in force: "
          + problem);
      return problem;
    }
  }
}
