package sonar.sonalyze.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Finds the files of a store for a range of days: {@code <root>/<yyyy>/<mm>/<dd>/} for every UTC day from
 * the first to the last, inclusive, and in it {@code <host>.csv}, {@code 0+sample-<node>.json},
 * {@code sysinfo-<host>.json} and {@code 0+sysinfo-<node>.json} of the hosts asked for; other files (Slurm
 * jobs, cluster messages, error reports, temporary files) are not analysed. A missing day is skipped
 * silently, a file where a day's directory should be is reported. Stateless.
 */
public final class DataTree {

  private static final String SAMPLE_PREFIX = "0+sample-";
  private static final String SYSINFO_PREFIX = "sysinfo-";
  private static final String SYSINFO_ENVELOPE_PREFIX = "0+sysinfo-";
  private static final String JSON = ".json";
  private static final String CSV = ".csv";

  private DataTree() {}

  /** The files of one host, in the order the reference reads them (by path). */
  public record HostFiles(String host, List<SourceFile> files) {}

  /**
   * The files of the days from first to last, grouped by host, hosts in name order.
   *
   * @param wantHost which host names to keep
   * @throws IOException when a day's directory exists but cannot be listed
   */
  public static List<HostFiles> list(Path root, LocalDate first, LocalDate last, Predicate<String> wantHost,
      Problems problems) throws IOException {
    Map<String, List<SourceFile>> byHost = new TreeMap<>();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      Path dir = root.resolve(Integer.toString(day.getYear()))
          .resolve(twoDigits(day.getMonthValue()))
          .resolve(twoDigits(day.getDayOfMonth()));
      if (!Files.isDirectory(dir)) {
        if (Files.exists(dir)) {
          problems.warn(dir + ": not a directory; skipped");
        }
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path entry : entries) {
          SourceFile file = classify(entry);
          if (file != null && wantHost.test(file.host())) {
            byHost.computeIfAbsent(file.host(), host -> new ArrayList<>()).add(file);
          }
        }
      } catch (NoSuchFileException e) {
        continue; // removed while we looked: nothing to read
      }
    }
    List<HostFiles> groups = new ArrayList<>(byHost.size());
    byHost.forEach((host, files) -> {
      files.sort(Comparator.comparing(file -> file.path().toString()));
      groups.add(new HostFiles(host, List.copyOf(files)));
    });
    return groups;
  }

  /** What a directory entry holds by its name, or null if it is not one of the store's data files. */
  static SourceFile classify(Path entry) {
    String name = entry.getFileName().toString();
    String host = null;
    SourceFile.Kind kind = SourceFile.Kind.JSON;
    if (name.endsWith(CSV) && name.length() > CSV.length()) {
      host = name.substring(0, name.length() - CSV.length());
      kind = SourceFile.Kind.CSV;
    } else if (name.endsWith(JSON)) {
      String stem = name.substring(0, name.length() - JSON.length());
      for (String prefix : new String[] {SAMPLE_PREFIX, SYSINFO_PREFIX, SYSINFO_ENVELOPE_PREFIX}) {
        if (stem.startsWith(prefix) && stem.length() > prefix.length()) {
          host = stem.substring(prefix.length());
        }
      }
    }
    return host == null ? null : new SourceFile(entry, entry.toString(), kind, host);
  }

  /** Files named on the command line: {@code .json} files as JSON, all others as CSV. */
  public static List<SourceFile> named(List<String> names) {
    List<SourceFile> files = new ArrayList<>(names.size());
    for (String name : names) {
      SourceFile.Kind kind = name.endsWith(JSON) ? SourceFile.Kind.JSON : SourceFile.Kind.CSV;
      files.add(new SourceFile(Path.of(name), name, kind, null));
    }
    return files;
  }

  private static String twoDigits(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }
}
