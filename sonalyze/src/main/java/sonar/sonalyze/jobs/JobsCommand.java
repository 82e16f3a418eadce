package sonar.sonalyze.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.cli.UsageException;
import sonar.sonalyze.cli.Values;
import sonar.sonalyze.config.NodeConfig;
import sonar.sonalyze.config.NodeSizes;
import sonar.sonalyze.data.HostData;
import sonar.sonalyze.output.Format;
import sonar.sonalyze.output.Table;
import sonar.sonalyze.run.Bounds;
import sonar.sonalyze.run.CommandRun;
import sonar.sonalyze.run.Context;
import sonar.sonalyze.run.Failure;
import sonar.sonalyze.run.Input;
import sonar.sonalyze.run.Query;
import sonar.sonalyze.streams.JobMerges;
import sonar.sonalyze.streams.SampleStream;
import sonar.sonalyze.streams.Streams;

/**
 * {@code sonalyze jobs}: assembles the jobs of every host (each host on a worker, only its summaries
 * kept), filters them, sorts them by start time and job id, keeps the {@code --numjobs} most recent of
 * each user, and prints them. With {@code --batch} the hosts' streams are kept and merged across hosts
 * at the end.
 */
public final class JobsCommand implements CommandRun {

  private final JobFilter filter;
  private final long numJobs;
  private final boolean batch;

  public JobsCommand(ParsedFlags flags) throws UsageException {
    filter = JobFilter.from(flags);
    String n = flags.value("numjobs");
    numJobs = n == null ? -1 : Values.unsigned("numjobs", n);
    batch = flags.has("batch");
  }

  /** The text of {@code --fmt=help}. */
  public static String formatHelp() {
    return JobFields.fields(0, true).help();
  }

  @Override
  public void run(Context context) {
    Query query = Query.open(context);
    Map<String, NodeConfig> config = context.config();
    NodeSizes sizes = new NodeSizes(config);
    Format format = context.format(JobFields.fields(context.now(), true));
    boolean relativeFields = format.fields().stream().anyMatch(JobFields.RELATIVE::contains);
    if (relativeFields && config == null && !query.input().mayHaveDescriptions()) {
      throw new Failure("Relative values requested without config file");
    }
    boolean sizesMatter = relativeFields || config != null || filter.relativeGiven();

    List<JobSummary> jobs = new ArrayList<>();
    List<SampleStream> batchStreams = new ArrayList<>();
    Bounds batchBounds = new Bounds();
    Map<String, NodeConfig> described = new HashMap<>();
    context.workers().forEachInOrder(query.input().groups(), group -> assemble(query, group, sizes, sizesMatter,
        context), part -> {
          jobs.addAll(part.jobs);
          batchStreams.addAll(part.streams);
          batchBounds.addAll(part.bounds);
          described.putAll(part.described);
        });
    if (batch) {
      batchStreams.sort(Streams.ORDER);
      Bounds merged = new Bounds();
      for (JobMerges.Job job : JobMerges.byJob(batchStreams, batchBounds, merged)) {
        summarize(job, merged, sizes.of(job.host(), described.get(job.host())), config != null, jobs);
      }
    }
    jobs.sort(Comparator.<JobSummary>comparingLong(job -> job.first).thenComparingLong(job -> job.job)
        .thenComparing(job -> job.host).thenComparing(job -> job.cmd));
    List<JobSummary> selected = numJobs < 0 ? jobs : mostRecent(jobs, numJobs);
    if (context.flags().has("verbose")) {
      context.problems().note("Number of jobs after output filtering: " + selected.size());
      return;
    }
    try {
      Table.write(context.out(), format, JobFields.fields(context.now(), format.forPeople()), selected);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What one group gave: its jobs, or with --batch its streams and bounds. */
  private record Part(List<JobSummary> jobs, List<SampleStream> streams, Bounds bounds,
      Map<String, NodeConfig> described) {}

  private Part assemble(Query query, Input.Group group, NodeSizes sizes, boolean sizesMatter, Context context) {
    HostData data = query.input().read(group);
    Bounds bounds = Bounds.of(data.samples());
    Map<String, NodeConfig> described = new HashMap<>();
    data.described().forEach(node -> described.put(node.hostname(), node));
    Function<String, NodeConfig> sizeOf = host -> sizes.of(host, described.get(host));
    List<SampleStream> streams = Streams.build(data.samples(), query.filter(), sizeOf);
    if (batch) {
      return new Part(List.of(), streams, bounds, described);
    }
    List<JobSummary> jobs = new ArrayList<>();
    for (JobMerges.Job job : JobMerges.byHostAndJob(streams, false)) {
      NodeConfig size = sizeOf.apply(job.host());
      if (size == null && sizesMatter) {
        context.problems().warn(job.host() + ": "
            + (sizes.configFileGiven() ? "not in the config file and " : "")
            + "no sysinfo in the data; its jobs' relative values are 0");
      }
      summarize(job, bounds, size, sizes.configFileGiven(), jobs);
    }
    return new Part(jobs, List.of(), new Bounds(), Map.of());
  }

  private void summarize(JobMerges.Job job, Bounds bounds, NodeConfig size, boolean configFileGiven,
      List<JobSummary> out) {
    if (job.samples().size() < filter.minSamples()) {
      return;
    }
    JobSummary summary = Aggregator.aggregate(job.samples(), job.host(), bounds.earliest(job.host()),
        bounds.latest(job.host()), size);
    if (filter.test(summary, configFileGiven)) {
      out.add(summary);
    }
  }

  /** The last n jobs of each user, in order; as the reference, always at least the last one. */
  private static List<JobSummary> mostRecent(List<JobSummary> jobs, long n) {
    Map<String, Long> counts = new HashMap<>();
    boolean[] keep = new boolean[jobs.size()];
    for (int i = jobs.size() - 1; i >= 0; i--) {
      long count = counts.merge(jobs.get(i).user, 1L, Long::sum);
      keep[i] = count <= Math.max(n, 1);
    }
    List<JobSummary> kept = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      if (keep[i]) {
        kept.add(jobs.get(i));
      }
    }
    return kept;
  }
}
