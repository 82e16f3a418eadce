package sonar.infiltrate.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import sonar.naicreport.Context;
import sonar.naicreport.Naicreport;
import sonar.naicreport.sonalyze.InProcessSonalyze;
import sonar.naicreport.sonalyze.SonalyzeException;
import sonar.naicreport.sonalyze.Sonalyzes;
import sonar.testkit.TreeGenerator;

/**
 * The report files of a cluster as the cluster scripts make them, by the real naicreport and sonalyze
 * (in this JVM, with a fixed clock) over a generated week of data: five hosts, one of which was down for
 * six hours on January 6 and one of which went quiet on the last evening (down now), three of them a
 * subcluster. Also an overview of many hosts, written directly, for measuring.
 */
final class ReportFixture {

  static final String CLUSTER = "ml.example.org";
  static final String PREFIX = "ml";
  static final int HOSTS = 5;
  /** The reports are made as if at this time, near the end of the generated data (22:55). */
  static final Instant NOW = Instant.parse("2024-01-08T22:50:00Z");
  static final String GAP_HOST = "node002.ml.example.org";
  static final String QUIET_HOST = "node004.ml.example.org";

  private static final Pattern TIME = Pattern.compile("time=([^,]+)");
  private static final OffsetDateTime GAP_FROM = OffsetDateTime.parse("2024-01-06T10:00:00+01:00");
  private static final OffsetDateTime GAP_TO = OffsetDateTime.parse("2024-01-06T16:00:00+01:00");
  private static final OffsetDateTime QUIET_FROM = OffsetDateTime.parse("2024-01-08T18:00:00+01:00");

  private ReportFixture() {}

  /** Makes work/data, work/state and the reports in reportsRoot/ml.example.org; returns that directory. */
  static Path make(Path work, Path reportsRoot) throws IOException {
    Path data = work.resolve("data");
    TreeGenerator.generate(data, HOSTS, 8, 3, LocalDate.of(2024, 1, 1), 7);
    Path clusterData = data.resolve(CLUSTER);
    dropSamples(clusterData, GAP_HOST, time -> !time.isBefore(GAP_FROM) && time.isBefore(GAP_TO));
    dropSamples(clusterData, QUIET_HOST, time -> !time.isBefore(QUIET_FROM));
    Path nodes = Files.writeString(work.resolve("nodes.json"), nodeList());
    Path state = Files.createDirectories(work.resolve("state"));
    Path reports = Files.createDirectories(reportsRoot.resolve(CLUSTER));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    InProcessSonalyze sonalyze = new InProcessSonalyze(Map.of("LOGNAME", "sonar", "TZ", "UTC"), clock);
    Context context = new Context(work, clock, new Sonalyzes(work, Map.of(), sonalyze));
    List<String> common = List.of("-config-file", nodes.toString(), "-data-path", clusterData.toString(),
        "-output-path", reports.toString());
    // What webload-5m.sh, webload-1h.sh and webload-24h.sh run.
    naicreport(context, common, "-with-downtime", "-tag", "minutely", "-none");
    naicreport(context, common, "-with-downtime", "-tag", "daily", "-hourly");
    naicreport(context, common, "-with-downtime", "-tag", "weekly", "-hourly", "-from", "7d");
    naicreport(context, common, "-tag", PREFIX + "-nvidia-weekly", "-hourly", "-from", "7d",
        "-cluster", "node00[0-2]." + CLUSTER);
    naicreport(context, common, "-with-downtime", "-tag", "monthly", "-daily", "-from", "30d");
    naicreport(context, common, "-with-downtime", "-tag", "quarterly", "-daily", "-from", "90d");
    // What cpuhog.sh and deadweight.sh append to the day's logs (over the week, not their two hours).
    Path day = Files.createDirectories(state.resolve("2024/01/08"));
    append(day.resolve("cpuhog.csv"), jobs(sonalyze, "--data-path", clusterData.toString(), "--config-file",
        nodes.toString(), "-u", "-", "--no-gpu", "--min-rcpu-peak=10", "--min-runtime=10m", "--from", "7d",
        "--fmt=csvnamed,tag:cpuhog,now,std,cpu-peak,gpu-peak,rcpu,rmem,start,end,cmd"));
    append(day.resolve("deadweight.csv"), jobs(sonalyze, "--data-path", clusterData.toString(), "-u", "-",
        "--zombie", "--from", "7d", "--fmt=csvnamed,tag:deadweight,now,std,start,end,cmd"));
    // What cpuhog-report.sh and deadweight-report.sh run: the mail (which records what was reported), the JSON.
    run(context, "ml-cpuhog", "-data-path", state.toString(), "-from", "4w");
    run(context, "deadweight", "-data-path", state.toString(), "-from", "4w");
    write(reports.resolve(PREFIX + "-violator-report.json"),
        run(context, "ml-cpuhog", "-data-path", state.toString(), "-from", "4w", "-json"));
    write(reports.resolve(PREFIX + "-deadweight-report.json"),
        run(context, "deadweight", "-data-path", state.toString(), "-from", "4w", "-json"));
    write(reports.resolve(PREFIX + "-at-a-glance.json"), run(context, "at-a-glance", "-config-file", nodes.toString(),
        "-data-path", clusterData.toString(), "-state-path", state.toString(), "-tag", "ML Nodes"));
    write(reports.resolve(PREFIX + "-hostnames.json"), run(context, "hostnames", reports.toString()));
    return reports;
  }

  /**
   * An overview of a cluster of this many hosts, of the at-a-glance form, with every tenth host down and
   * every seventh with hogs: for measuring the page, not for its numbers.
   */
  static Path bigOverview(Path reportsRoot, String cluster, int hosts) throws IOException {
    Path reports = Files.createDirectories(reportsRoot.resolve(cluster));
    StringBuilder json = new StringBuilder("[");
    for (int h = 0; h < hosts; h++) {
      json.append(h == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"hostname\":\"c%04d.big.example.org\","
          + "\"tag\":\"Big\",\"machine\":\"2x64 AMD EPYC, 512GB, 4x NVIDIA H100 @ 80GB\",\"recent\":30,\"longer\":720,"
          + "\"long\":1440,\"cpu_status\":0,\"gpu_status\":%d,\"jobs_recent\":%d,\"jobs_longer\":%d,\"users_recent\":%d,"
          + "\"users_longer\":%d,\"cpu_recent\":%d,\"cpu_longer\":%d,\"mem_recent\":%d,\"mem_longer\":%d,"
          + "\"gpu_recent\":%d,\"gpu_longer\":%d,\"gpumem_recent\":%d,\"gpumem_longer\":%d,\"violators_long\":%d,"
          + "\"zombies_long\":%d}", h, h % 10 == 0 ? 1 : 0, h % 5, h % 9, h % 4, h % 6, h * 7 % 101, h * 3 % 97,
          h * 11 % 89, h * 13 % 83, h * 17 % 100, h * 19 % 100, h * 23 % 100, h * 29 % 100, h % 7 == 0 ? 2 : 0,
          h % 13 == 0 ? 1 : 0));
    }
    write(reports.resolve("big-at-a-glance.json"), json.append(']').toString());
    return reports;
  }

  private static String nodeList() {
    StringBuilder json = new StringBuilder("[");
    for (int h = 0; h < HOSTS; h++) {
      json.append(h == 0 ? "" : ",\n").append(String.format(Locale.ROOT, "{\"hostname\":\"node%03d.%s\","
          + "\"description\":\"2x32 AMD EPYC, 256GB, 4x NVIDIA A100 @ 40GB\",\"cpu_cores\":64,\"mem_gb\":256,"
          + "\"gpu_cards\":4,\"gpumem_gb\":160}", h, CLUSTER));
    }
    return json.append("]\n").toString();
  }

  private interface Condition {
    boolean drop(OffsetDateTime time);
  }

  private static void dropSamples(Path clusterData, String host, Condition condition) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(clusterData)) {
      files = walk.filter(file -> file.getFileName().toString().equals(host + ".csv")).toList();
    }
    for (Path file : files) {
      List<String> kept = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        Matcher time = TIME.matcher(line);
        if (!time.find() || !condition.drop(OffsetDateTime.parse(time.group(1)))) {
          kept.add(line);
        }
      }
      if (kept.isEmpty()) {
        Files.delete(file);
      } else {
        Files.write(file, kept);
      }
    }
  }

  private static void naicreport(Context context, List<String> common, String... more) {
    List<String> args = new ArrayList<>(List.of("load"));
    args.addAll(common);
    args.addAll(List.of(more));
    run(context, args.toArray(String[]::new));
  }

  private static String run(Context context, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Naicreport.run(List.of(args), context, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    if (status != 0) {
      throw new IllegalStateException("naicreport " + String.join(" ", args) + " failed: "
          + err.toString(StandardCharsets.UTF_8));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String jobs(InProcessSonalyze sonalyze, String... args) {
    List<String> command = new ArrayList<>(List.of("jobs"));
    command.addAll(List.of(args));
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    String output;
    try {
      output = sonalyze.run(command, new PrintStream(warnings, true, StandardCharsets.UTF_8));
    } catch (SonalyzeException e) {
      throw new IllegalStateException(e);
    }
    if (warnings.size() > 0) { // the fixture's data is meant to be clean
      throw new IllegalStateException("sonalyze " + String.join(" ", command) + " warned: "
          + warnings.toString(StandardCharsets.UTF_8));
    }
    return output;
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** As the cluster scripts put a report in place: whole, by rename. */
  static void write(Path file, String text) throws IOException {
    Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(temporary, text);
    Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
