package sonar.naicreport.violations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sonar.format.CsvRecords;
import sonar.format.GoNumbers;
import sonar.format.Timestamp;
import sonar.naicreport.cli.GoStrconv;
import sonar.naicreport.files.ReportFile;

/**
 * The state file of a policy: every job seen, when it was first seen violating, last seen, and whether
 * it was reported. Free CSV, one job a line, fields {@code id,host,startedOnOrBefore,firstViolation,
 * lastSeen,isReported,isExpired} with RFC 3339 times, as the reference writes it. An active job is known
 * by (id, host); an expired one, a job whose id a newer job on the host took, by (id, host, lastSeen).
 * Written whole to a temporary file that replaces the old one. Not thread-safe.
 */
final class JobDatabase {

  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  private record ActiveKey(long id, String host) {}

  private record ExpiredKey(long id, String host, Instant lastSeen) {}

  private final Map<ActiveKey, JobState> active = new LinkedHashMap<>();
  private final Map<ExpiredKey, JobState> expired = new LinkedHashMap<>();

  /**
   * Reads a state file; a missing one is an empty state.
   *
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException naming the file and line that is not a state record
   */
  static JobDatabase read(Path file) throws IOException {
    JobDatabase db = new JobDatabase();
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return db;
    } catch (IOException e) {
      throw new IOException("cannot read state file " + file + ": " + e.getMessage(), e);
    }
    CsvRecords records = new CsvRecords(text);
    for (CsvRecords.Result record = records.next(); record != null; record = records.next()) {
      if (!record.ok()) {
        throw bad(file, record.line(), record.error());
      }
      Map<String, String> fields = JobLog.fields(record.fields());
      try {
        db.add(parse(fields));
      } catch (IllegalArgumentException e) {
        throw bad(file, record.line(), e.getMessage());
      }
    }
    return db;
  }

  private static IllegalArgumentException bad(Path file, int line, String problem) {
    return new IllegalArgumentException("state file " + file + " line " + line + ": " + problem
        + " (move the file away to start from an empty state)");
  }

  private static JobState parse(Map<String, String> fields) {
    long id;
    try {
      id = GoNumbers.parseUnsigned(required(fields, "id"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("id is not a job number");
    }
    if (id > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("id is not a job number");
    }
    String isExpired = fields.get("isExpired");
    // The reference reads a line without a good isExpired as an active job.
    boolean expiredJob = isExpired != null && Boolean.TRUE.equals(GoStrconv.parseBool(isExpired));
    Boolean reported = GoStrconv.parseBool(required(fields, "isReported"));
    if (reported == null) {
      throw new IllegalArgumentException("isReported is not true or false");
    }
    return new JobState(id, required(fields, "host"), time(fields, "startedOnOrBefore"),
        time(fields, "firstViolation"), time(fields, "lastSeen"), reported, expiredJob);
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no " + name);
    }
    return value;
  }

  private static OffsetDateTime time(Map<String, String> fields, String name) {
    String text = required(fields, name);
    try {
      Timestamp t = Timestamp.parse(text);
      return OffsetDateTime.of(t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second(), 0,
          ZoneOffset.ofTotalSeconds(t.offsetMinutes() * 60));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new IllegalArgumentException(name + " is not an RFC 3339 time: " + text);
    }
  }

  private void add(JobState job) {
    if (job.isExpired) {
      expired.put(new ExpiredKey(job.id, job.host, job.lastSeen.toInstant()), job);
    } else {
      active.put(new ActiveKey(job.id, job.host), job);
    }
  }

  /**
   * Takes in a job from this run's logs: a job not known is added, first violating now and not reported;
   * a known active job is seen later.
   *
   * @return whether the job was new
   */
  boolean ensure(LoggedJob job, Instant now) {
    OffsetDateTime lastSeen = utc(job.lastSeen);
    JobState known = job.expired ? expired.get(new ExpiredKey(job.id, job.host, job.lastSeen))
        : active.get(new ActiveKey(job.id, job.host));
    if (known == null) {
      JobState added = new JobState(job.id, job.host, utc(job.start), utc(now), lastSeen, false, job.expired);
      added.logged = job;
      add(added);
      return true;
    }
    if (!job.expired) {
      known.lastSeen = lastSeen;
    }
    known.logged = job;
    return false;
  }

  /**
   * Forgets reported jobs last seen before a time, so that a reused id is not taken for an old job.
   *
   * @return how many were forgotten
   */
  int purgeReportedBefore(Instant purgeDate) {
    int purged = 0;
    for (Map<?, JobState> jobs : List.of(active, expired)) {
      for (Iterator<JobState> it = jobs.values().iterator(); it.hasNext(); ) {
        JobState job = it.next();
        if (job.isReported && job.lastSeen.toInstant().isBefore(purgeDate)) {
          it.remove();
          purged++;
        }
      }
    }
    return purged;
  }

  /** Every job, active ones first. */
  List<JobState> jobs() {
    List<JobState> jobs = new ArrayList<>(active.values());
    jobs.addAll(expired.values());
    return jobs;
  }

  int activeCount() {
    return active.size();
  }

  int expiredCount() {
    return expired.size();
  }

  /** Replaces the state file with this state, sorted by host and id so that files can be compared. */
  void write(Path file) throws IOException {
    List<JobState> jobs = jobs();
    jobs.sort(Comparator.comparing((JobState job) -> job.host).thenComparingLong(job -> job.id)
        .thenComparing(job -> job.isExpired).thenComparing(job -> job.lastSeen.toInstant()));
    StringBuilder out = new StringBuilder();
    for (JobState job : jobs) {
      field(out, "id", Long.toString(job.id), true);
      field(out, "host", job.host, false);
      field(out, "startedOnOrBefore", RFC3339.format(job.startedOnOrBefore), false);
      field(out, "firstViolation", RFC3339.format(job.firstViolation), false);
      field(out, "lastSeen", RFC3339.format(job.lastSeen), false);
      field(out, "isReported", Boolean.toString(job.isReported), false);
      field(out, "isExpired", Boolean.toString(job.isExpired), false);
      out.append('\n');
    }
    ReportFile.replace(file, out.toString().getBytes(StandardCharsets.UTF_8), ReportFile.PRIVATE);
  }

  /** A {@code name=value} field quoted as Go's CSV writer quotes it. */
  private static void field(StringBuilder out, String name, String value, boolean first) {
    if (!first) {
      out.append(',');
    }
    String text = name + "=" + value;
    if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
      out.append(text);
      return;
    }
    out.append('"').append(text.replace("\"", "\"\"")).append('"');
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
