package sonar.sonalyze.data;

import java.nio.file.Path;

/**
 * One file of input: where it is, how to name it in messages, and what it holds.
 *
 * @param host the host the file holds data of, from its name in a data tree; null for files named on
 *     the command line, which may hold any hosts
 */
public record SourceFile(Path path, String shownAs, Kind kind, String host) {

  /** What a file holds, from its name. */
  public enum Kind {
    /** {@code <host>.csv}: 0.7 lines and free CSV lines. */
    CSV,
    /**
     * {@code 0+sample-<node>.json}, {@code sysinfo-<host>.json}, {@code 0+sysinfo-<node>.json}, or any JSON file named.
     */
    JSON,
  }

  /** Whether the file can hold samples, rather than node descriptions only. */
  public boolean hasSamples() {
    return kind == Kind.CSV || !path.getFileName().toString().contains("sysinfo-");
  }
}
