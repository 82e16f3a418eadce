package sonar.exfiltrate.spool;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** File errors in an operator's words: "permission denied: /home/x", not the exception's class. Stateless. */
final class Failures {

  private Failures() {}

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException missing) {
      return "no such file or directory: " + missing.getFile();
    }
    if (e instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    if (e instanceof FileSystemException other && other.getReason() != null) {
      return other.getReason() + (other.getFile() == null ? "" : ": " + other.getFile());
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
