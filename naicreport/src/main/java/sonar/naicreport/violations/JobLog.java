package sonar.naicreport.violations;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sonar.format.CsvRecords;
import sonar.format.GoNumbers;
import sonar.naicreport.sonalyze.Values;

/**
 * Reads the daily logs that the cron's sonalyze runs append to, and tells the jobs apart. Every run
 * appends one line per offending job, all with the run's {@code now}; runs come often enough that a job
 * id is never reused on a host between two runs. So, per host: the lines of one run form a bucket; the
 * buckets sorted newest first, a job id found in consecutive buckets is one job, and a bucket without it
 * ends that job (an older occurrence is another job with a reused id, marked expired). Stateless.
 */
final class JobLog {

  private JobLog() {}

  /** The logs of the days in [from, to): {@code <dataPath>/YYYY/MM/DD/<log name>}, those that exist. */
  static List<Path> find(Path dataPath, Policy policy, LocalDate from, LocalDate to) {
    List<Path> files = new ArrayList<>();
    for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
      Path file = dataPath.resolve(String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(),
          day.getDayOfMonth())).resolve(policy.logName());
      if (Files.exists(file)) {
        files.add(file);
      }
    }
    return files;
  }

  /**
   * The jobs of the logs by host (hosts in name order), each host's newest first.
   *
   * @param verbose where to say what was read and dropped, or null
   * @throws IOException naming a file that cannot be read
   */
  static Map<String, List<LoggedJob>> read(List<Path> files, Policy policy, PrintStream verbose) throws IOException {
    Map<String, List<List<LoggedJob>>> bucketsByHost = new TreeMap<>();
    for (Path file : files) {
      for (List<LoggedJob> bucket : buckets(file, policy, verbose)) {
        bucketsByHost.computeIfAbsent(bucket.get(0).host, host -> new ArrayList<>()).add(bucket);
      }
    }
    if (verbose != null) {
      verbose.println(files.size() + " files");
    }
    Map<String, List<LoggedJob>> jobs = new TreeMap<>();
    bucketsByHost.forEach((host, buckets) -> jobs.put(host, jobsOfHost(buckets)));
    return jobs;
  }

  /** The file's runs: its consecutive valid lines with the same host and {@code now}. */
  private static List<List<LoggedJob>> buckets(Path file, Policy policy, PrintStream verbose) throws IOException {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IOException("log file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new IOException("cannot read log file " + file + ": " + e.getMessage(), e);
    }
    List<List<LoggedJob>> buckets = new ArrayList<>();
    List<LoggedJob> bucket = null;
    CsvRecords records = new CsvRecords(text);
    for (CsvRecords.Result record = records.next(); record != null; record = records.next()) {
      if (!record.ok()) {
        if (verbose != null) {
          verbose.println(file + " line " + record.line() + " dropped: " + record.error());
        }
        continue;
      }
      LoggedJob job = parse(fields(record.fields()), policy);
      if (job == null) {
        continue;
      }
      if (bucket == null || !bucket.get(0).host.equals(job.host) || !bucket.get(0).lastSeen.equals(job.lastSeen)) {
        bucket = new ArrayList<>();
        buckets.add(bucket);
      }
      bucket.add(job);
    }
    return buckets;
  }

  /**
   * The {@code name=value} fields of a line; fields without {@code =} are ignored, a repeated name's last value counts.
   */
  static Map<String, String> fields(List<String> fields) {
    Map<String, String> named = new HashMap<>();
    for (String field : fields) {
      int equals = field.indexOf('=');
      if (equals >= 0) {
        named.put(field.substring(0, equals), field.substring(equals + 1));
      }
    }
    return named;
  }

  /** A job from one line, or null when the line is not the policy's or lacks a field. */
  static LoggedJob parse(Map<String, String> line, Policy policy) {
    String tag = line.get("tag");
    if (tag == null || !policy.accepts(tag)) {
      return null;
    }
    Instant now = time(line.get("now"));
    Long id = jobMark(line.get("jobm"));
    String user = line.get("user");
    String host = line.get("host");
    String cmd = line.get("cmd");
    Instant start = time(line.get("start"));
    Instant end = time(line.get("end"));
    if (now == null || id == null || user == null || host == null || cmd == null || start == null || end == null) {
      return null;
    }
    LoggedJob.CpuFigures figures = null;
    if (policy == Policy.CPUHOG) {
      Double[] numbers = new Double[6];
      String[] names = {"cpu-peak", "gpu-peak", "rcpu-avg", "rcpu-peak", "rmem-avg", "rmem-peak"};
      for (int i = 0; i < names.length; i++) {
        numbers[i] = number(line.get(names[i]));
        if (numbers[i] == null) {
          return null;
        }
      }
      figures = new LoggedJob.CpuFigures(numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5]);
    }
    return new LoggedJob(id, host, user, cmd, now, start, end, figures);
  }

  private static Instant time(String text) {
    ZonedDateTime time = text == null ? null : Values.parseDateTime(text);
    return time == null ? null : time.toInstant();
  }

  /** A job number with sonalyze's liveness mark ({@code <}, {@code >}, {@code !}) after it. */
  private static Long jobMark(String text) {
    if (text == null) {
      return null;
    }
    int end = text.length();
    while (end > 0 && "<>!".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    try {
      long id = GoNumbers.parseUnsigned(text.substring(0, end));
      return id <= 0xFFFF_FFFFL ? id : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double number(String text) {
    if (text == null) {
      return null;
    }
    try {
      return GoNumbers.parseFloat(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** One host's jobs from its runs, newest first; all but the newest job with an id are expired. */
  private static List<LoggedJob> jobsOfHost(List<List<LoggedJob>> buckets) {
    List<List<LoggedJob>> runs = new ArrayList<>(buckets);
    runs.sort(Comparator.comparing((List<LoggedJob> run) -> run.get(0).lastSeen).reversed());
    List<List<LoggedJob>> merged = new ArrayList<>();
    for (List<LoggedJob> run : runs) {
      List<LoggedJob> last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && last.get(0).lastSeen.equals(run.get(0).lastSeen)) {
        last.addAll(run);
      } else {
        merged.add(new ArrayList<>(run));
      }
    }
    List<LoggedJob> jobs = new ArrayList<>();
    for (int i = 0; i < merged.size(); i++) {
      for (LoggedJob job : merged.get(i)) {
        if (job.merged) {
          continue;
        }
        for (List<LoggedJob> older : merged.subList(i + 1, merged.size())) {
          LoggedJob same = find(older, job.id);
          if (same == null) {
            break;
          }
          job.merge(same);
        }
        jobs.add(job);
      }
    }
    jobs.sort(Comparator.comparing((LoggedJob job) -> job.lastSeen).reversed());
    Map<Long, Boolean> seen = new HashMap<>();
    for (LoggedJob job : jobs) {
      job.expired = seen.put(job.id, Boolean.TRUE) != null;
    }
    return jobs;
  }

  private static LoggedJob find(List<LoggedJob> run, long id) {
    for (LoggedJob job : run) {
      if (job.id == id && !job.merged) {
        return job;
      }
    }
    return null;
  }
}
