package sonar.sonalyze;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Runs sonalyze in this JVM with a fixed environment and clock, and writes data trees for it. */
final class Runner {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-03T12:00:00Z"), ZoneOffset.UTC);
  static final Map<String, String> ENV = Map.of("LOGNAME", "alice", "HOME", "/nonexistent");

  private Runner() {}

  /** What a run printed, and its status. */
  record Result(int status, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Sonalyze.run(List.of(args), ENV, CLOCK, out, err);
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Writes text to root/day/name, creating the day's directory (day as yyyy/mm/dd). */
  static Path write(Path root, String day, String name, String text) {
    try {
      Path dir = Files.createDirectories(root.resolve(day));
      return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
