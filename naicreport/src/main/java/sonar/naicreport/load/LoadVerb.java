package sonar.naicreport.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sonar.naicreport.Context;
import sonar.naicreport.Verb;
import sonar.naicreport.cli.CommonOptions;
import sonar.naicreport.cli.FlagSet;
import sonar.naicreport.cli.UsageException;
import sonar.naicreport.config.HostPatterns;
import sonar.naicreport.files.ReportFile;
import sonar.naicreport.sonalyze.SonalyzeException;
import sonar.naicreport.sonalyze.SonalyzeFlags;
import sonar.naicreport.sonalyze.SonalyzeRunner;

/**
 * {@code load} (once {@code ml-webload}): runs {@code sonalyze load} (and with {@code -with-downtime}
 * {@code sonalyze uptime}) over the window and writes one report a host, {@code <host>-<tag>.json} in
 * the output directory; with {@code -cluster} one report for the named hosts together,
 * {@code <tag>.json}. Every report is made before any is written, so that bad data writes nothing; each
 * replaces its file whole. Stateless.
 */
public final class LoadVerb implements Verb {

  static final String LOAD_FORMAT = "--fmt=json,datetime,cpu,mem,gpu,gpumem,rcpu,rmem,rgpu,rgpumem,gpus,host";
  static final String DOWNTIME_FORMAT = "--fmt=json,device,host,start,end";

  @Override
  public void run(List<String> args, Context context, PrintStream out, PrintStream err)
      throws UsageException, IOException, SonalyzeException {
    FlagSet flags = new FlagSet("naicreport load");
    CommonOptions options = new CommonOptions(flags);
    SonalyzeFlags sonalyzeFlags = new SonalyzeFlags(flags);
    FlagSet.Flag<String> outputFlag = flags.string("output-path", ".", "Path to output directory");
    FlagSet.Flag<String> tagFlag = flags.string("tag", "", "Tag for output files");
    FlagSet.Flag<Boolean> hourly = flags.bool("hourly", true, "Bucket data hourly");
    FlagSet.Flag<Boolean> daily = flags.bool("daily", false, "Bucket data daily");
    FlagSet.Flag<Boolean> none = flags.bool("none", false, "Do not bucket data");
    FlagSet.Flag<String> clusterFlag = flags.string("cluster", "",
        "Cluster these host name patterns (comma-separated) (requires bucketing, too)");
    FlagSet.Flag<Boolean> withDowntime = flags.bool("with-downtime", false, "Include downtime data");
    options.parse(args, context.workingDirectory(), context.clock());
    SonalyzeRunner sonalyze = sonalyzeFlags.runner(context.sonalyzes());
    Path configFile = sonalyzeFlags.configFile(context.workingDirectory());
    Path outputPath = CommonOptions.cleanPath(outputFlag.value(), "-output-path", context.workingDirectory());
    if (!Files.isDirectory(outputPath)) {
      throw new IllegalArgumentException("-output-path " + outputPath + " is not a directory");
    }
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException("-config-file " + configFile + (Files.exists(configFile)
          ? " is not a file" : " does not exist"));
    }

    List<String> loadArguments = new ArrayList<>(List.of("load", "--config-file", configFile.toString(), LOAD_FORMAT));
    String bucketing;
    if (none.value()) {
      bucketing = "none";
    } else if (daily.value()) {
      bucketing = "daily";
    } else if (hourly.value()) {
      bucketing = "hourly";
    } else {
      throw new IllegalArgumentException("One of --daily, --hourly, or --none is required");
    }
    loadArguments.add("--" + bucketing);
    boolean clustering = !clusterFlag.value().isEmpty();
    String tag = tagFlag.value();
    if (clustering) {
      if (bucketing.equals("none")) {
        throw new IllegalArgumentException("Cannot --cluster together with --none");
      }
      if (withDowntime.value()) {
        throw new IllegalArgumentException("Cannot --cluster together with --with-downtime");
      }
      if (tag.isEmpty()) {
        throw new IllegalArgumentException("--cluster needs --tag, which names the report file");
      }
      loadArguments.add("--cluster");
      for (String pattern : HostPatterns.split(clusterFlag.value())) {
        loadArguments.add("--host");
        loadArguments.add(pattern);
      }
    }
    loadArguments.addAll(options.sonalyzeArguments());

    List<SystemLoad> systems = SystemLoad.parse(sonalyze.run(loadArguments, err));
    Downtime downtime = null;
    if (withDowntime.value()) {
      List<String> downtimeArguments = new ArrayList<>(List.of("uptime", "--interval", "4", "--only-down",
          DOWNTIME_FORMAT));
      downtimeArguments.addAll(options.sonalyzeArguments());
      downtime = Downtime.parse(sonalyze.run(downtimeArguments, err));
    }
    if (clustering && systems.size() != 1) {
      throw new IllegalArgumentException("Expected exactly one datum for clustered run, tag=" + tag
          + (systems.isEmpty() ? " (no data for these hosts in the window)" : ""));
    }

    // One time for all reports of the run, in the server's local time as the reference has it.
    String date = LoadReport.DATE_TIME.format(LocalDateTime.now(context.clock()));
    Map<Path, String> reports = new LinkedHashMap<>();
    for (SystemLoad system : systems) {
      String basename = clustering ? tag + ".json"
          : tag.isEmpty() ? system.hostname() + ".json" : system.hostname() + "-" + tag + ".json";
      checkFileName(basename, system.hostname());
      reports.put(outputPath.resolve(basename), LoadReport.json(system, date, tag, bucketing, downtime));
    }
    for (Map.Entry<Path, String> report : reports.entrySet()) {
      ReportFile.replace(report.getKey(), report.getValue().getBytes(StandardCharsets.UTF_8), ReportFile.PUBLIC);
    }
  }

  /** A host name from the data becomes a file name: it must stay in the output directory. */
  private static void checkFileName(String basename, String hostname) {
    if (basename.contains("/") || basename.contains("\0") || basename.startsWith(".")) {
      throw new IllegalArgumentException("host name " + hostname + " cannot name a report file (" + basename + ")");
    }
  }
}
