package sonar.sonalyze.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.output.Fields;
import sonar.sonalyze.output.Format;
import sonar.sonalyze.output.Table;
import sonar.sonalyze.output.Times;
import sonar.sonalyze.run.Bounds;
import sonar.sonalyze.run.CommandRun;
import sonar.sonalyze.run.Context;
import sonar.sonalyze.run.Query;
import sonar.sonalyze.streams.JobMerges;
import sonar.sonalyze.streams.SampleStream;
import sonar.sonalyze.streams.Streams;

/**
 * {@code sonalyze metadata}: the first and last time of every host's samples, whatever the record
 * filters, by host; with {@code --merge-by-job}, of the host lists of the jobs merged across hosts.
 */
public final class MetadataCommand implements CommandRun {

  private static final String DEFAULTS = "all";

  private final boolean byJob;

  public MetadataCommand(ParsedFlags flags) {
    byJob = flags.has("merge-by-job");
  }

  /** One row: a host (or host list) and its first and last time. */
  private record Row(String host, long earliest, long latest) {}

  private static Fields<Row> fields() {
    return new Fields<Row>(DEFAULTS)
        .add("host", Row::host)
        .add("earliest", row -> Times.minutes(row.earliest()))
        .add("latest", row -> Times.minutes(row.latest()))
        .alias("all", "host", "earliest", "latest");
  }

  public static String formatHelp() {
    return fields().help();
  }

  @Override
  public void run(Context context) {
    Query query = Query.open(context);
    Format format = context.format(fields()).defaultingToCsv();
    Bounds bounds = new Bounds();
    List<SampleStream> streams = new ArrayList<>();
    context.workers().forEachInOrder(query.input().groups(), group -> {
      List<Sample> samples = query.input().read(group).samples();
      return new Part(Bounds.of(samples), byJob ? Streams.build(samples, query.filter(), host -> null) : List.of());
    }, part -> {
      bounds.addAll(part.bounds());
      streams.addAll(part.streams());
    });
    Bounds shown = bounds;
    if (byJob) {
      streams.sort(Streams.ORDER);
      shown = new Bounds();
      JobMerges.byJob(streams, bounds, shown);
    }
    if (context.flags().has("verbose")) {
      return;
    }
    List<Row> rows = new ArrayList<>();
    Map<String, long[]> sorted = new TreeMap<>(shown.asMap());
    sorted.forEach((host, range) -> rows.add(new Row(host, range[0], range[1])));
    try {
      Table.write(context.out(), format, fields(), rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One group's bounds, and with --merge-by-job its cleaned streams. */
  private record Part(Bounds bounds, List<SampleStream> streams) {}
}
