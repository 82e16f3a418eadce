package sonar.naicreport.violations;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import sonar.naicreport.Context;
import sonar.naicreport.Verb;
import sonar.naicreport.cli.CommonOptions;
import sonar.naicreport.cli.FlagSet;
import sonar.naicreport.cli.UsageException;
import sonar.naicreport.sonalyze.Values;

/**
 * {@code ml-cpuhog} and {@code deadweight}: reads a policy's daily logs for the window, brings the state
 * file up to date, forgets reported jobs not seen for a while, and prints the jobs not reported yet (the
 * text cron mails), or {@code -summary} lines, or with {@code -json} every job of the window for the
 * dashboard. The state is written after every run, after the report is printed: a run that fails to
 * write it reports the same jobs again next time rather than lose them. Stateless between runs.
 */
public final class ViolationsVerb implements Verb {

  private final Policy policy;
  private final String name;

  /** @param name the verb as the usage names it */
  public ViolationsVerb(Policy policy, String name) {
    this.policy = policy;
    this.name = name;
  }

  @Override
  public void run(List<String> args, Context context, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    FlagSet flags = new FlagSet("naicreport " + name);
    CommonOptions options = new CommonOptions(flags);
    FlagSet.Flag<Boolean> json = flags.bool("json", false, "Format output as JSON");
    FlagSet.Flag<Boolean> summary = flags.bool("summary", false, "Format output for testing");
    FlagSet.Flag<String> stateFileFlag = flags.string("state-file", "",
        "Store computation state in `filename` (optional)");
    FlagSet.Flag<String> nowFlag = flags.string("now", "",
        "`time` to use as the present time, YYYY-MM-DD HH:MM in UTC (for testing)");
    options.parse(args, context.workingDirectory(), context.clock());

    Path stateFile;
    if (!stateFileFlag.value().isEmpty()) {
      stateFile = CommonOptions.cleanPath(stateFileFlag.value(), "-state-file", context.workingDirectory());
    } else if (options.dataPath() == null) {
      throw new IllegalArgumentException("If --state-file is not present then --data-path must be");
    } else {
      stateFile = options.dataPath().resolve(policy.stateName());
    }
    Instant now = now(nowFlag.value(), context);
    PrintStream verbose = options.verbose() ? err : null;

    JobDatabase db = JobDatabase.read(stateFile);
    if (verbose != null) {
      verbose.println(db.activeCount() + "+" + db.expiredCount() + " records in database");
    }
    List<Path> files = options.files() != null ? options.files()
        : JobLog.find(options.dataPath(), policy, options.from(), options.to());
    Map<String, List<LoggedJob>> logs = JobLog.read(files, policy, verbose);
    if (verbose != null) {
      verbose.println(logs.size() + " hosts in log");
      logs.forEach((host, jobs) -> verbose.println(" " + host + ": " + jobs.size() + " records"));
    }
    int added = 0;
    for (List<LoggedJob> jobs : logs.values()) {
      for (LoggedJob job : jobs) {
        added += db.ensure(job, now) ? 1 : 0;
      }
    }
    if (verbose != null) {
      verbose.println(added + " new jobs");
    }
    Instant from = options.from().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    Instant twoDaysBeforeTo = options.to().minusDays(2).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    int purged = db.purgeReportedBefore(from.isBefore(twoDaysBeforeTo) ? from : twoDaysBeforeTo);
    if (verbose != null) {
      verbose.println(purged + " purged");
    }

    if (json.value()) {
      out.print(Reports.json(Reports.select(db, false), policy));
    } else if (summary.value()) {
      out.print(Reports.summary(Reports.select(db, true), policy));
    } else {
      out.print(Reports.text(Reports.select(db, true), policy));
    }
    out.flush();
    db.write(stateFile);
  }

  private static Instant now(String text, Context context) {
    if (text.isEmpty()) {
      return context.clock().instant();
    }
    ZonedDateTime now = Values.parseDateTime(text);
    if (now == null) {
      throw new IllegalArgumentException("Argument to --now could not be parsed: \"" + text
          + "\" is not YYYY-MM-DD HH:MM");
    }
    return now.toInstant();
  }
}
