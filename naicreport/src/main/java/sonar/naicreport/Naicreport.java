package sonar.naicreport;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sonar.naicreport.cli.UsageException;
import sonar.naicreport.glance.AtAGlanceVerb;
import sonar.naicreport.hostnames.HostnamesVerb;
import sonar.naicreport.load.LoadVerb;
import sonar.naicreport.sonalyze.SonalyzeException;
import sonar.naicreport.violations.Policy;
import sonar.naicreport.violations.ViolationsVerb;

/**
 * The command line: {@code naicreport <verb> [flags] [-- file...]}. Finds the verb and runs it; a failure
 * is printed as the reference prints it, {@code NAICREPORT FAILED} and the reason on stderr, exit status
 * 1; a bad flag exits 2 with the verb's usage. Stateless.
 */
public final class Naicreport {

  private record Entry(String help, Verb verb) {}

  private static final Map<String, Entry> VERBS = new LinkedHashMap<>();

  static {
    VERBS.put("at-a-glance", new Entry("Produce a summary report from many parts", new AtAGlanceVerb()));
    VERBS.put("deadweight", new Entry("Analyze the deadweight logs and generate a report of new violations",
        new ViolationsVerb(Policy.DEADWEIGHT, "deadweight")));
    VERBS.put("hostnames", new Entry("Analyze the names of log files to generate a list of host names",
        new HostnamesVerb()));
    VERBS.put("load", new Entry("Run sonalyze to generate plottable (JSON) load reports", new LoadVerb()));
    VERBS.put("ml-cpuhog", new Entry("Analyze the cpuhog logs and generate a report of new violations",
        new ViolationsVerb(Policy.CPUHOG, "ml-cpuhog")));
    VERBS.put("ml-deadweight", new Entry("Obsolete name for \"deadweight\"",
        new ViolationsVerb(Policy.DEADWEIGHT, "ml-deadweight")));
    VERBS.put("ml-webload", new Entry("Obsolete name for \"load\"", new LoadVerb()));
  }

  private Naicreport() {}

  /** @return the exit status */
  public static int run(List<String> args, Context context, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.print(usage());
      return 1;
    }
    String name = args.get(0);
    if (name.equals("help") || name.equals("-h") || name.equals("-help") || name.equals("--help")) {
      out.print(usage());
      out.flush();
      return 0;
    }
    Entry entry = VERBS.get(name);
    if (entry == null) {
      err.print("naicreport: unknown verb \"" + name + "\"\n\n" + usage());
      return 1;
    }
    try {
      entry.verb().run(args.subList(1, args.size()), context, out, err);
      out.flush();
      return 0;
    } catch (UsageException e) {
      PrintStream to = e.isHelp() ? out : err;
      to.print(e.text());
      to.flush();
      return e.exitStatus();
    } catch (IllegalArgumentException | IOException | SonalyzeException e) {
      out.flush();
      err.print("NAICREPORT FAILED\n" + e.getMessage() + "\n");
      err.flush();
      return 1;
    }
  }

  static String usage() {
    StringBuilder out = new StringBuilder()
        .append("Usage of naicreport:\n")
        .append("  naicreport <verb> <option> ... [-- filename ...]\n\n")
        .append("where <verb> is one of\n\n");
    out.append("  help\n    Print help\n");
    VERBS.forEach((name, entry) -> out.append("  ").append(name).append("\n    ").append(entry.help()).append('\n'));
    return out.append("\nAll verbs accept -h to print verb-specific help.\n")
        .append("Input files after the options replace -data-path, where a verb reads data.\n")
        .toString();
  }
}
