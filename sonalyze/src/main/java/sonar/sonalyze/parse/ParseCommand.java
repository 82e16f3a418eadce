package sonar.sonalyze.parse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.data.SourceFile;
import sonar.sonalyze.output.Format;
import sonar.sonalyze.output.Table;
import sonar.sonalyze.run.Bounds;
import sonar.sonalyze.run.CommandRun;
import sonar.sonalyze.run.Context;
import sonar.sonalyze.run.Input;
import sonar.sonalyze.run.Query;
import sonar.sonalyze.streams.JobMerges;
import sonar.sonalyze.streams.SampleStream;
import sonar.sonalyze.streams.Streams;

/**
 * {@code sonalyze parse}: the samples that pass the record filter, in the order read (files by path),
 * or with {@code --clean}, {@code --merge-by-host-and-job} or {@code --merge-by-job} the cleaned or
 * merged streams, each after a line {@code *}, by host, first time and job.
 */
public final class ParseCommand implements CommandRun {

  private final boolean clean;
  private final boolean byHostAndJob;
  private final boolean byJob;

  public ParseCommand(ParsedFlags flags) {
    clean = flags.has("clean");
    byJob = flags.has("merge-by-job");
    byHostAndJob = flags.has("merge-by-host-and-job");
  }

  public static String formatHelp() {
    return ParseFields.fields(false).help();
  }

  @Override
  public void run(Context context) {
    Query query = Query.open(context);
    Format format = context.format(ParseFields.fields(false)).defaultingToCsv();
    if (clean || byJob || byHostAndJob) {
      printStreams(context, query, format);
    } else {
      printSamples(context, query, format);
    }
  }

  /** The samples that pass the filter, file by file in path order (a group of named files at once). */
  private static void printSamples(Context context, Query query, Format format) {
    List<List<SourceFile>> files = new ArrayList<>();
    if (query.input().fromNamedFiles()) {
      files.add(query.input().groups().get(0).files());
    } else {
      query.input().filesInOrder().forEach(file -> files.add(List.of(file)));
    }
    List<Sample> samples = new ArrayList<>();
    context.workers().forEachInOrder(files,
        group -> query.input().read(new Input.Group(null, group)).samples().stream().filter(query.filter()).toList(),
        samples::addAll);
    if (context.flags().has("verbose")) {
      context.problems().note(samples.size() + " source records");
      return;
    }
    print(context.out(), format, samples);
  }

  /** The cleaned or merged streams, each after a line {@code *}. */
  private void printStreams(Context context, Query query, Format format) {
    List<SampleStream> streams = new ArrayList<>();
    Bounds bounds = new Bounds();
    context.workers().forEachInOrder(query.input().groups(), group -> {
      List<Sample> samples = query.input().read(group).samples();
      return new Part(Streams.build(samples, query.filter(), host -> null), Bounds.of(samples));
    }, part -> {
      streams.addAll(part.streams());
      bounds.addAll(part.bounds());
    });
    List<List<Sample>> printed = new ArrayList<>();
    if (clean) {
      streams.forEach(stream -> printed.add(stream.samples()));
    } else if (byJob) {
      streams.sort(Streams.ORDER);
      JobMerges.byJob(streams, bounds, new Bounds()).forEach(job -> printed.add(job.samples()));
    } else {
      JobMerges.byHostAndJob(streams).forEach(job -> printed.add(job.samples()));
    }
    printed.sort(Comparator.<List<Sample>, String>comparing(stream -> stream.get(0).host)
        .thenComparingLong(stream -> stream.get(0).time).thenComparingLong(stream -> stream.get(0).job));
    if (context.flags().has("verbose")) {
      return;
    }
    for (List<Sample> stream : printed) {
      try {
        context.out().write("*\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      print(context.out(), format, stream);
    }
  }

  /** One group's cleaned streams and its hosts' bounds. */
  private record Part(List<SampleStream> streams, Bounds bounds) {}

  private static void print(Writer out, Format format, List<Sample> samples) {
    try {
      Table.write(out, format, ParseFields.fields(format.nodefaults()), samples);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
