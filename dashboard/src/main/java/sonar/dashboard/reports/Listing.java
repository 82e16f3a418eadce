package sonar.dashboard.reports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the report files of a cluster's directory say about it.
 *
 * <ul>
 *   <li>The prefix (the cluster scripts' {@code REPORT_PREFIX}): that of the newest
 *       {@code <prefix>-at-a-glance.json}; without one, of the newest hostnames, CPU-hog or zombie report;
 *       null when there is none. The newest wins so that a changed prefix takes over at once.
 *   <li>The overall reports of that prefix that exist.
 *   <li>Load reports: {@code <name>-<period>.json} gives {@code name} a report of that period.
 *   <li>Subclusters: {@code <prefix>-<sub>-weekly.json} with no other period for {@code <prefix>-<sub>}
 *       is the weekly report of subcluster {@code sub} (a host has its other periods too), and is not a
 *       host's.
 * </ul>
 * Immutable.
 */
record Listing(String prefix, Map<ReportNames.Overall, String> overalls, Map<String, List<String>> loads,
    Map<String, String> subclusters) {

  /** A file and when it was last written, in milliseconds. */
  record Entry(String name, long modified) {}

  static Listing of(List<Entry> files) {
    String prefix = prefix(files);
    Map<ReportNames.Overall, String> overalls = new EnumMap<>(ReportNames.Overall.class);
    Map<String, Set<String>> periodsOf = new HashMap<>();
    for (Entry file : files) {
      for (ReportNames.Overall kind : ReportNames.Overall.values()) {
        if (prefix != null && file.name().equals(prefix + kind.suffix)) {
          overalls.put(kind, file.name());
        }
      }
      String[] load = ReportNames.load(file.name());
      if (load != null) {
        periodsOf.computeIfAbsent(load[0], name -> new TreeSet<>()).add(load[1]);
      }
    }
    Map<String, String> subclusters = new TreeMap<>();
    Map<String, List<String>> loads = new LinkedHashMap<>();
    for (String period : ReportNames.PERIODS) {
      loads.put(period, new ArrayList<>());
    }
    for (Map.Entry<String, Set<String>> named : periodsOf.entrySet()) {
      String name = named.getKey();
      if (prefix != null && name.startsWith(prefix + "-") && name.length() > prefix.length() + 1
          && named.getValue().equals(Set.of("weekly"))) {
        subclusters.put(name.substring(prefix.length() + 1), name + "-weekly.json");
        continue;
      }
      for (String period : named.getValue()) {
        loads.get(period).add(name);
      }
    }
    loads.values().forEach(Collections::sort);
    return new Listing(prefix, overalls, loads, subclusters);
  }

  /** The file of an overall report, or null when it is not there. */
  String overall(ReportNames.Overall kind) {
    return overalls.get(kind);
  }

  private static String prefix(List<Entry> files) {
    String overview = newestPrefix(files, EnumSet.of(ReportNames.Overall.OVERVIEW));
    return overview != null ? overview : newestPrefix(files, EnumSet.allOf(ReportNames.Overall.class));
  }

  /** The prefix of the newest file of those kinds (of equal times, the first by name), or null. */
  private static String newestPrefix(List<Entry> files, Set<ReportNames.Overall> kinds) {
    String newest = null;
    long newestTime = Long.MIN_VALUE;
    for (Entry file : files) {
      for (ReportNames.Overall kind : kinds) {
        String prefix = kind.prefixOf(file.name());
        if (prefix != null && (file.modified() > newestTime
            || file.modified() == newestTime && prefix.compareTo(newest) < 0)) {
          newest = prefix;
          newestTime = file.modified();
        }
      }
    }
    return newest;
  }
}
