package sonar.naicreport.glance;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import sonar.naicreport.Context;
import sonar.naicreport.Verb;
import sonar.naicreport.cli.CommonOptions;
import sonar.naicreport.cli.FlagSet;
import sonar.naicreport.cli.UsageException;
import sonar.naicreport.config.ConfigFile;
import sonar.naicreport.config.NodeConfig;
import sonar.naicreport.json.GoJson;
import sonar.naicreport.json.JsonTree;
import sonar.naicreport.sonalyze.SonalyzeException;
import sonar.naicreport.sonalyze.SonalyzeFlags;
import sonar.naicreport.sonalyze.SonalyzeRunner;
import sonar.naicreport.sonalyze.Values;
import sonar.naicreport.violations.StateCounts;

/**
 * {@code at-a-glance}: one line per host for the dashboard's front page, from four sonalyze runs over
 * the window (jobs, uptime, half-hourly and half-daily load) and the two state files: how many jobs and
 * users in the last 30 minutes and 12 hours, whether the host and its GPUs are down, its latest load, and
 * how many CPU hogs and zombies were first seen in the last 24 hours. Printed as a JSON array sorted by
 * host name, without a newline. Stateless.
 */
public final class AtAGlanceVerb implements Verb {

  static final int RECENT_MINUTES = 30;
  static final int LONGER_MINUTES = 12 * 60;
  static final int LONG_MINUTES = 24 * 60;
  /** sonalyze's mark for a job still running at the end of the data. */
  private static final int LIVE_AT_END = 1;

  /** One host's line, filled in from the sources that mention it. */
  private static final class Glance {
    final String hostname;
    int cpuStatus;
    int gpuStatus;
    int jobsRecent;
    int jobsLonger;
    int usersRecent;
    int usersLonger;
    double cpuRecent;
    double cpuLonger;
    double memRecent;
    double memLonger;
    double gpuRecent;
    double gpuLonger;
    double gpumemRecent;
    double gpumemLonger;
    int violators;
    int zombies;

    Glance(String hostname) {
      this.hostname = hostname;
    }
  }

  @Override
  public void run(List<String> args, Context context, PrintStream out, PrintStream err)
      throws UsageException, IOException, SonalyzeException {
    FlagSet flags = new FlagSet("naicreport at-a-glance");
    CommonOptions options = new CommonOptions(flags);
    SonalyzeFlags sonalyzeFlags = new SonalyzeFlags(flags);
    FlagSet.Flag<String> stateFlag = flags.string("state-path", "",
        "Path to directory holding database state (required)");
    FlagSet.Flag<String> tagFlag = flags.string("tag", "",
        "Human-intelligible tag for data, usually describing origin (optional)");
    options.parse(args, context.workingDirectory(), context.clock());
    SonalyzeRunner sonalyze = sonalyzeFlags.runner(context.sonalyzes());
    Path configFile = sonalyzeFlags.configFile(context.workingDirectory());
    Path statePath = CommonOptions.cleanPath(stateFlag.value(), "-state-path", context.workingDirectory());
    Map<String, NodeConfig> config = ConfigFile.read(configFile);

    Instant now = context.clock().instant();
    Map<String, Glance> glances = new TreeMap<>();
    Sonalyzing sonalyzing = new Sonalyzing(sonalyze, options, err);
    usersAndJobs(sonalyzing, now, glances);
    status(sonalyzing, glances);
    load(sonalyzing, configFile, config, "--half-hourly", glances, true);
    load(sonalyzing, configFile, config, "--half-daily", glances, false);
    Instant longCutoff = now.minus(Duration.ofMinutes(LONG_MINUTES));
    StateCounts.firstSeenAfter(statePath.resolve("cpuhog-state.csv"), longCutoff)
        .forEach((host, count) -> glance(glances, host).violators = count);
    StateCounts.firstSeenAfter(statePath.resolve("deadweight-state.csv"), longCutoff)
        .forEach((host, count) -> glance(glances, host).zombies = count);

    out.print(json(glances.values(), config, tagFlag.value()));
    out.flush();
  }

  private static Glance glance(Map<String, Glance> glances, String host) {
    return glances.computeIfAbsent(host, Glance::new);
  }

  /** How this run calls sonalyze: the runner, the window and data options, where warnings go. */
  private record Sonalyzing(SonalyzeRunner sonalyze, CommonOptions options, PrintStream warnings) {}

  private static List<Map<String, Object>> run(Sonalyzing sonalyzing, List<String> verbAndFormat, String what)
      throws SonalyzeException {
    List<String> arguments = new ArrayList<>(verbAndFormat);
    arguments.addAll(sonalyzing.options().sonalyzeArguments());
    String output = sonalyzing.sonalyze().run(arguments, sonalyzing.warnings());
    try {
      return Values.objects(JsonTree.parse(output), "the output of `sonalyze " + what + "`");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("While unmarshaling output of sonalyze " + String.join(" ", arguments)
          + (output.isEmpty() ? ": Empty output" : ": " + e.getMessage()), e);
    }
  }

  /**
   * Jobs and users: a job is recent if still running or ended in the last 30 minutes, longer if in the last 12 hours.
   */
  private static void usersAndJobs(Sonalyzing sonalyzing, Instant now, Map<String, Glance> glances)
      throws SonalyzeException {
    Instant recentCutoff = now.minus(Duration.ofMinutes(RECENT_MINUTES));
    Instant longerCutoff = now.minus(Duration.ofMinutes(LONGER_MINUTES));
    Map<String, Set<String>> usersRecent = new HashMap<>();
    Map<String, Set<String>> usersLonger = new HashMap<>();
    for (Map<String, Object> job : run(sonalyzing, List.of("jobs", "-u-", "--fmt=json,host,user,classification,end"),
        "jobs")) {
      String host = Values.string(job, "host");
      String user = Values.string(job, "user");
      int classification = Values.integer(job, "classification");
      Instant end = Values.dateTime(job, "end").toInstant();
      Glance glance = glance(glances, host);
      boolean recent = (classification & LIVE_AT_END) != 0 || end.isAfter(recentCutoff);
      if (recent) {
        glance.jobsRecent++;
        usersRecent.computeIfAbsent(host, h -> new HashSet<>()).add(user);
      }
      if (recent || end.isAfter(longerCutoff)) {
        glance.jobsLonger++;
        usersLonger.computeIfAbsent(host, h -> new HashSet<>()).add(user);
      }
    }
    usersRecent.forEach((host, users) -> glances.get(host).usersRecent = users.size());
    usersLonger.forEach((host, users) -> glances.get(host).usersLonger = users.size());
  }

  /**
   * Down or up now: the host's last uptime report decides. The GPU status is down when that report is down,
   * whatever its device; the CPU status only when its device is {@code cpu}, which sonalyze never prints
   * (the reference's defect, kept: the dashboard reddens whole rows on it).
   */
  private static void status(Sonalyzing sonalyzing, Map<String, Glance> glances) throws SonalyzeException {
    List<Map<String, Object>> reports = run(sonalyzing, List.of("uptime", "--interval", "4",
        "--fmt=json,host,device,state"), "uptime");
    Set<String> done = new HashSet<>();
    for (int i = reports.size() - 1; i >= 0; i--) {
      Map<String, Object> report = reports.get(i);
      String host = Values.string(report, "host");
      if (done.add(host)) {
        boolean down = Values.string(report, "state").equals("down");
        Glance glance = glance(glances, host);
        glance.cpuStatus = down && Values.string(report, "device").equals("cpu") ? 1 : 0;
        glance.gpuStatus = down ? 1 : 0;
      }
    }
  }

  /** The latest slot's relative load; GPU figures only for hosts the node list gives GPUs. */
  private static void load(Sonalyzing sonalyzing, Path configFile, Map<String, NodeConfig> config,
      String bucketing, Map<String, Glance> glances, boolean recent) throws SonalyzeException {
    List<Map<String, Object>> systems = run(sonalyzing, List.of("load", bucketing,
        "--fmt=json,host,rcpu,rmem,rgpu,rgpumem", "--config-file", configFile.toString()), "load");
    for (Map<String, Object> system : systems) {
      Object records = system.get("records");
      if (records == null) {
        continue;
      }
      List<Map<String, Object>> points = Values.objects(records, "\"records\" of `sonalyze load`");
      if (points.isEmpty()) {
        continue;
      }
      Map<String, Object> last = points.get(points.size() - 1);
      String host = Values.string(last, "host");
      Glance glance = glance(glances, host);
      NodeConfig node = config.get(host);
      boolean gpus = node != null && node.gpuCards() > 0;
      if (recent) {
        glance.cpuRecent = Values.number(last, "rcpu");
        glance.memRecent = Values.number(last, "rmem");
        glance.gpuRecent = gpus ? Values.number(last, "rgpu") : 0;
        glance.gpumemRecent = gpus ? Values.number(last, "rgpumem") : 0;
      } else {
        glance.cpuLonger = Values.number(last, "rcpu");
        glance.memLonger = Values.number(last, "rmem");
        glance.gpuLonger = gpus ? Values.number(last, "rgpu") : 0;
        glance.gpumemLonger = gpus ? Values.number(last, "rgpumem") : 0;
      }
    }
  }

  private static String json(Iterable<Glance> glances, Map<String, NodeConfig> config, String tag) {
    GoJson json = new GoJson().beginArray();
    for (Glance g : glances) {
      json.beginObject().field("hostname", g.hostname);
      if (!tag.isEmpty()) {
        json.field("tag", tag);
      }
      NodeConfig node = config.get(g.hostname);
      if (node != null && !node.description().isEmpty()) {
        json.field("machine", node.description());
      }
      json.field("recent", RECENT_MINUTES).field("longer", LONGER_MINUTES).field("long", LONG_MINUTES)
          .field("cpu_status", g.cpuStatus).field("gpu_status", g.gpuStatus)
          .field("jobs_recent", g.jobsRecent).field("jobs_longer", g.jobsLonger)
          .field("users_recent", g.usersRecent).field("users_longer", g.usersLonger);
      try {
        json.field("cpu_recent", g.cpuRecent).field("cpu_longer", g.cpuLonger)
            .field("mem_recent", g.memRecent).field("mem_longer", g.memLonger);
        // Go's omitempty: a zero GPU figure is left out.
        optional(json, "gpu_recent", g.gpuRecent);
        optional(json, "gpu_longer", g.gpuLonger);
        optional(json, "gpumem_recent", g.gpumemRecent);
        optional(json, "gpumem_longer", g.gpumemLonger);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("While marshaling at-a-glance data: json: unsupported value for "
            + g.hostname + ": " + e.getMessage(), e);
      }
      json.field("violators_long", g.violators).field("zombies_long", g.zombies).endObject();
    }
    return json.endArray().toString();
  }

  private static void optional(GoJson json, String name, double value) {
    if (value != 0) {
      json.field(name, value);
    }
  }
}
