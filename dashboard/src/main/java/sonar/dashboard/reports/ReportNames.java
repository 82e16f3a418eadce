package sonar.dashboard.reports;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names in the reports directory: clusters (its subdirectories, named as {@code install.sh --cluster}
 * names them) and the report files naicreport writes in each. A name that does not match is neither
 * listed nor served: hidden files (the temporary files of a report being written) among them.
 */
final class ReportNames {

  /** The periods of the load reports, shortest first: {@code <host>-<period>.json}. */
  static final List<String> PERIODS = List.of("minutely", "daily", "weekly", "monthly", "quarterly");

  private static final int LONGEST = 255;
  private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern REPORT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.json");
  private static final Pattern LOAD = Pattern.compile("(.+)-(minutely|daily|weekly|monthly|quarterly)\\.json");

  /** The kinds of a cluster's own reports, each {@code <prefix><suffix>}, in the order the prefix is sought. */
  enum Overall {
    OVERVIEW("overview", "-at-a-glance.json"),
    HOSTNAMES("hostnames", "-hostnames.json"),
    CPUHOGS("cpuhogs", "-violator-report.json"),
    ZOMBIES("zombies", "-deadweight-report.json");

    final String key;
    final String suffix;

    Overall(String key, String suffix) {
      this.key = key;
      this.suffix = suffix;
    }

    /** The prefix of a file of this kind, or null when the name is not one. */
    String prefixOf(String file) {
      return file.endsWith(suffix) && file.length() > suffix.length()
          ? file.substring(0, file.length() - suffix.length())
          : null;
    }
  }

  private ReportNames() {}

  static boolean isCluster(String name) {
    return name.length() <= LONGEST && CLUSTER.matcher(name).matches();
  }

  static boolean isReport(String name) {
    return name.length() <= LONGEST && REPORT.matcher(name).matches();
  }

  /** The host (or subcluster) and period of a load report, or null. */
  static String[] load(String file) {
    Matcher load = LOAD.matcher(file);
    return load.matches() ? new String[] {load.group(1), load.group(2)} : null;
  }
}
