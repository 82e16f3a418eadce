package sonar.sonalyze.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.cli.UsageException;
import sonar.sonalyze.cli.Values;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.output.Fields;
import sonar.sonalyze.output.Format;
import sonar.sonalyze.output.Json;
import sonar.sonalyze.output.RustMath;
import sonar.sonalyze.output.Table;
import sonar.sonalyze.output.Times;
import sonar.sonalyze.run.CommandRun;
import sonar.sonalyze.run.Context;
import sonar.sonalyze.run.Failure;
import sonar.sonalyze.run.Query;
import sonar.sonalyze.streams.SampleStream;
import sonar.sonalyze.streams.Streams;

/**
 * {@code sonalyze profile -j N}: one job's processes over time, per sonar instant: CPU, memory, GPU and
 * GPU memory of each process (and the number of processes rolled up, if any were). Fixed columns (the
 * time on the first line of each instant), {@code csv} of one field with a column per process,
 * {@code json}, or {@code html} (a page with the csv table). Jobs on one host only.
 */
public final class ProfileCommand implements CommandRun {

  private static final Set<String> VALUES = Set.of("cpu", "mem", "gpu", "gpumem", "nproc");

  private final double max;
  private final long bucket;

  public ProfileCommand(ParsedFlags flags) throws UsageException {
    String maxText = flags.value("max");
    max = maxText == null ? Double.NaN : Values.number("max", maxText);
    String bucketText = flags.value("bucket");
    bucket = bucketText == null ? 1 : Math.max(1, Values.unsigned("bucket", bucketText));
  }

  /** One process at one instant; time is null on all but the instant's first line. */
  private record Line(Long time, Sample sample, double cpu, double mem, double gpu, double gpumem) {}

  private static Fields<Line> fields() {
    return new Fields<Line>("time,cpu,mem,gpu,gpumem,nproc,cmd")
        .add("time", line -> line.time() == null ? "                " : Times.minutes(line.time()))
        .add("cpu", line -> whole(line.cpu()))
        .add("mem", line -> whole(line.mem()))
        .add("gpu", line -> whole(line.gpu()))
        .add("gpumem", line -> whole(line.gpumem()))
        .add("nproc", line -> line.sample().rolledup == 0 ? "" : Long.toString(line.sample().rolledup + 1))
        .add("cmd", line -> line.sample().cmd);
  }

  public static String formatHelp() {
    return fields().help();
  }

  @Override
  public void run(Context context) {
    if (context.flags().values("job").size() != 1) {
      throw new Failure("Exactly one job number is required by `profile`");
    }
    Query query = Query.open(context);
    List<SampleStream> streams = new ArrayList<>();
    context.workers().forEachInOrder(query.input().groups(),
        group -> Streams.build(query.input().read(group).samples(), query.filter(), host -> null),
        streams::addAll);
    if (streams.stream().map(SampleStream::host).distinct().count() > 1) {
      throw new Failure("profile only implemented for single-host jobs");
    }
    streams.sort(Comparator.comparingLong((SampleStream stream) -> stream.first().time).thenComparing(Streams.ORDER));
    boolean rolledUp = streams.stream().anyMatch(s -> s.samples().stream().anyMatch(sample -> sample.rolledup > 0));
    String spec = context.flags().value("fmt");
    if (spec == null) {
      spec = rolledUp ? "time,cpu,mem,gpu,gpumem,nproc,cmd" : "time,cpu,mem,gpu,gpumem,cmd";
    }
    List<List<Line>> steps = steps(streams);
    if (context.flags().has("verbose")) {
      context.problems().note("Number of processes: " + streams.size() + "; time steps: " + steps.size());
      return;
    }
    long job = query.filter().jobs().iterator().next();
    try {
      Writer out = context.out();
      if (List.of(spec.split(",")).contains("html")) {
        html(out, job, streams, steps, valueOf(spec));
      } else if (List.of(spec.split(",")).contains("json")) {
        json(out, job, steps);
      } else if (List.of(spec.split(",")).contains("csv")) {
        csv(out, streams, steps, valueOf(spec));
      } else {
        Format format = Format.parse(spec, fields());
        List<Line> lines = new ArrayList<>();
        steps.forEach(lines::addAll);
        Table.write(out, format, fields(), lines);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      throw new Failure(e.getMessage());
    }
  }

  /** The lines of each instant, the processes in stream order. */
  private List<List<Line>> steps(List<SampleStream> streams) {
    int[] next = new int[streams.size()];
    List<List<Line>> steps = new ArrayList<>();
    while (true) {
      long earliest = Long.MAX_VALUE;
      for (int i = 0; i < streams.size(); i++) {
        if (next[i] < streams.get(i).samples().size()) {
          earliest = Math.min(earliest, streams.get(i).samples().get(next[i]).time);
        }
      }
      if (earliest == Long.MAX_VALUE) {
        return steps;
      }
      List<Line> step = new ArrayList<>();
      for (int i = 0; i < streams.size(); i++) {
        List<Sample> samples = streams.get(i).samples();
        if (next[i] < samples.size() && samples.get(next[i]).time == earliest) {
          Sample sample = samples.get(next[i]++);
          step.add(new Line(step.isEmpty() ? earliest : null, sample, clamp(sample.cpuUtilPct), clamp(sample.memGb),
              clamp(sample.gpuPct), clamp(sample.gpumemGb)));
        }
      }
      steps.add(step);
    }
  }

  /** With --max X: values above 2X are noise and become 0, values above X become X. */
  private double clamp(double value) {
    if (Double.isNaN(max)) {
      return value;
    }
    return value > 2 * max ? 0 : Math.min(value, max);
  }

  private static String valueOf(String spec) {
    for (String word : spec.split(",")) {
      if (VALUES.contains(word)) {
        return word;
      }
    }
    throw new Failure("csv and html output of profile need one of the fields cpu, mem, gpu, gpumem, nproc");
  }

  private static double value(Line line, String field) {
    return switch (field) {
      case "cpu" -> line.cpu();
      case "mem" -> line.mem();
      case "gpu" -> line.gpu();
      case "gpumem" -> line.gpumem();
      default -> line.sample().rolledup + 1;
    };
  }

  /** The csv table: a row per (bucket of) instants, a column per process. */
  private List<String[]> table(List<SampleStream> streams, List<List<Line>> steps, String field) {
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[streams.size() + 1];
    header[0] = "time";
    for (int i = 0; i < streams.size(); i++) {
      header[i + 1] = streams.get(i).cmd() + " (" + streams.get(i).first().pid + ")";
    }
    rows.add(header);
    for (int start = 0; start < steps.size(); start += (int) bucket) {
      double[] sums = new double[streams.size()];
      int[] counts = new int[streams.size()];
      for (int s = start; s < Math.min(steps.size(), start + bucket); s++) {
        for (Line line : steps.get(s)) {
          int column = indexOf(streams, line.sample());
          sums[column] += value(line, field);
          counts[column]++;
        }
      }
      String[] row = new String[streams.size() + 1];
      row[0] = Times.minutes(steps.get(start).get(0).time());
      for (int i = 0; i < streams.size(); i++) {
        row[i + 1] = counts[i] == 0 ? "" : whole(sums[i] / counts[i]);
      }
      rows.add(row);
    }
    return rows;
  }

  private static int indexOf(List<SampleStream> streams, Sample sample) {
    for (int i = 0; i < streams.size(); i++) {
      if (streams.get(i).samples().contains(sample)) {
        return i;
      }
    }
    throw new IllegalStateException("a sample of no stream");
  }

  private void csv(Writer out, List<SampleStream> streams, List<List<Line>> steps, String field) throws IOException {
    for (String[] row : table(streams, steps, field)) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          line.append(',');
        }
        String cell = row[i];
        if (cell.contains(",") || cell.contains("\"")) {
          cell = "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        line.append(cell);
      }
      out.append(line).append('\n');
    }
  }

  private void html(Writer out, long job, List<SampleStream> streams, List<List<Line>> steps, String field)
      throws IOException {
    out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Profile of job ").append(Long.toString(job))
        .append("</title></head>\n<body><h1>Job ").append(Long.toString(job)).append(": ").append(field)
        .append("</h1>\n<table>\n");
    boolean header = true;
    for (String[] row : table(streams, steps, field)) {
      out.append("<tr>");
      for (String cell : row) {
        String tag = header ? "th" : "td";
        out.append('<').append(tag).append('>').append(escape(cell)).append("</").append(tag).append('>');
      }
      out.append("</tr>\n");
      header = false;
    }
    out.append("</table>\n</body></html>\n");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void json(Writer out, long job, List<List<Line>> steps) throws IOException {
    StringBuilder text = new StringBuilder("[");
    for (int s = 0; s < steps.size(); s++) {
      List<Line> step = steps.get(s);
      text.append(s == 0 ? "" : ",").append("{\"time\":");
      Json.string(text, Times.minutes(step.get(0).time()));
      text.append(",\"job\":").append(job).append(",\"points\":[");
      for (int i = 0; i < step.size(); i++) {
        Line line = step.get(i);
        text.append(i == 0 ? "" : ",").append("{\"command\":");
        Json.string(text, line.sample().cmd);
        text.append(",\"pid\":").append(line.sample().pid)
            .append(",\"cpu\":").append(whole(line.cpu()))
            .append(",\"mem\":").append(whole(line.mem()))
            .append(",\"gpu\":").append(whole(line.gpu()))
            .append(",\"gpumem\":").append(whole(line.gpumem()))
            .append(",\"nproc\":").append(line.sample().rolledup + 1).append('}');
      }
      text.append("]}");
    }
    out.append(text.append(']'));
  }

  private static String whole(double value) {
    return Long.toString(RustMath.toLong(RustMath.round(value)));
  }
}
