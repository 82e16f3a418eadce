package sonar.sonalyze.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.data.DataTree;
import sonar.sonalyze.data.FileReader;
import sonar.sonalyze.data.HostData;
import sonar.sonalyze.data.Problems;
import sonar.sonalyze.data.SourceFile;
import sonar.sonalyze.hosts.HostFilter;

/**
 * The data a query reads, in groups that can be analysed independently: in a data tree, the files of
 * one host for the days of the window (one group per host); files named after {@code --} form a single
 * group, read at once, since any of them may hold any host, and when {@code --from} and {@code --to}
 * are not given the window is their data's first and last time, unfiltered. Reading is thread-safe: each
 * worker thread reads with a reader of its own.
 */
public final class Input {

  /** Files read together; host is null for a group of named files. */
  public record Group(String host, List<SourceFile> files) {}

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final List<Group> groups;
  private final Window window;
  private final Problems problems;
  private final ThreadLocal<FileReader> readers = ThreadLocal.withInitial(FileReader::new);
  /** The named files' data, read once while opening. */
  private final HostData named;

  private Input(List<Group> groups, Window window, Problems problems, HostData named) {
    this.groups = groups;
    this.window = window;
    this.problems = problems;
    this.named = named;
  }

  /**
   * @param from the {@code --from} time, or null
   * @param to the {@code --to} time, or null
   * @throws Failure when there is no data path, or it is not a directory
   */
  public static Input open(ParsedFlags flags, Map<String, String> env, long now, Long from, Long to,
      HostFilter hosts, Problems problems) {
    List<String> named = flags.files();
    long fromTime = from != null ? from : now - 86_400L * NANOS_PER_SECOND;
    long toTime = to != null ? to : now;
    if (from != null && to != null && from > to) {
      throw new Failure("The --from time is greater than the --to time");
    }
    if (!named.isEmpty()) {
      Group group = new Group(null, DataTree.named(named));
      HostData data = new FileReader().read(group.files(), problems);
      Bounds bounds = Bounds.of(data.samples());
      if (from == null && !bounds.isEmpty()) {
        fromTime = bounds.asMap().values().stream().mapToLong(range -> range[0]).min().getAsLong();
      }
      if (to == null && !bounds.isEmpty()) {
        toTime = bounds.asMap().values().stream().mapToLong(range -> range[1]).max().getAsLong();
      }
      return new Input(List.of(group), new Window(fromTime, toTime, from != null, to != null), problems, data);
    }
    Path root = dataPath(flags, env);
    List<Group> groups = new ArrayList<>();
    try {
      for (DataTree.HostFiles files : DataTree.list(root, day(fromTime), day(toTime), hosts::matches, problems)) {
        groups.add(new Group(files.host(), files.files()));
      }
    } catch (IOException e) {
      throw new Failure(e.getMessage());
    }
    return new Input(groups, new Window(fromTime, toTime, true, true), problems, null);
  }

  private static Path dataPath(ParsedFlags flags, Map<String, String> env) {
    String path = flags.value("data-path");
    if (path == null) {
      path = env.get("SONAR_ROOT");
    }
    if (path == null && env.get("HOME") != null) {
      path = env.get("HOME") + "/sonar/data";
    }
    if (path == null) {
      throw new Failure("No data path");
    }
    Path root = Path.of(path);
    if (!Files.isDirectory(root)) {
      throw new Failure("Not a viable log directory: " + path);
    }
    return root;
  }

  private static LocalDate day(long nanos) {
    return LocalDate.ofEpochDay(Math.floorDiv(Math.floorDiv(nanos, NANOS_PER_SECOND), 86_400L));
  }

  public Window window() {
    return window;
  }

  public List<Group> groups() {
    return groups;
  }

  public boolean fromNamedFiles() {
    return named != null;
  }

  /** Every file, by path, as the reference orders its input. */
  public List<SourceFile> filesInOrder() {
    List<SourceFile> files = new ArrayList<>();
    groups.forEach(group -> files.addAll(group.files()));
    if (named == null) {
      files.sort(Comparator.comparing(file -> file.path().toString()));
    }
    return files;
  }

  /** Whether any file may describe a node: a sysinfo file of the tree, or any named JSON file. */
  public boolean mayHaveDescriptions() {
    for (Group group : groups) {
      for (SourceFile file : group.files()) {
        if (!file.hasSamples() || (group.host() == null && file.kind() == SourceFile.Kind.JSON)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Reads a group (the named files' group was read while opening); thread-safe. */
  public HostData read(Group group) {
    if (named != null) {
      return named;
    }
    return readers.get().read(group.files(), problems);
  }
}
