package sonar.sonalyze.uptime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.cli.UsageException;
import sonar.sonalyze.cli.Values;
import sonar.sonalyze.data.HostData;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.output.Fields;
import sonar.sonalyze.output.Format;
import sonar.sonalyze.output.Table;
import sonar.sonalyze.run.CommandRun;
import sonar.sonalyze.run.Context;
import sonar.sonalyze.run.Query;

/**
 * {@code sonalyze uptime}: when hosts and their GPUs were up and down in [from, to), from every sample
 * of the hosts chosen by {@code --host} (the other record filters do not apply), hosts in name order.
 */
public final class UptimeCommand implements CommandRun {

  private static final String DEFAULTS = "device,host,state,start,end";

  private final long gapSeconds;
  private final boolean onlyUp;
  private final boolean onlyDown;

  public UptimeCommand(ParsedFlags flags) throws UsageException {
    String interval = flags.value("interval");
    if (interval == null) {
      throw new UsageException("uptime needs --interval MINUTES, sonar's sampling interval");
    }
    gapSeconds = 2 * 60 * Values.unsigned("interval", interval);
    onlyUp = flags.has("only-up");
    onlyDown = flags.has("only-down");
  }

  static Fields<Report> fields() {
    return new Fields<Report>(DEFAULTS)
        .add("device", Report::device)
        .add("host", Report::host)
        .add("state", Report::state)
        .add("start", Report::start)
        .add("end", Report::end)
        .alias("all", "device", "host", "state", "start", "end");
  }

  public static String formatHelp() {
    return fields().help();
  }

  @Override
  public void run(Context context) {
    Query query = Query.open(context);
    Format format = context.format(fields());
    long from = query.window().from();
    long to = query.window().to();
    List<Report> reports = new ArrayList<>();
    boolean[] anySamples = {false};
    context.workers().forEachInOrder(query.input().groups(), group -> {
      HostData data = query.input().read(group);
      if (!data.samples().isEmpty()) {
        anySamples[0] = true;
      }
      return hosts(data.samples(), query, from, to);
    }, reports::addAll);
    if (!anySamples[0] || context.flags().has("verbose")) {
      return; // as the reference: no data, not even a header
    }
    try {
      Table.write(context.out(), format, fields(), reports);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Report> hosts(List<Sample> samples, Query query, long from, long to) {
    Map<String, List<Sample>> byHost = new TreeMap<>();
    for (Sample sample : samples) {
      byHost.computeIfAbsent(sample.host, host -> new ArrayList<>()).add(sample);
    }
    List<Report> reports = new ArrayList<>();
    byHost.forEach((host, own) -> {
      if (query.filter().matchesHost(host)) {
        own.sort(Comparator.comparingLong(sample -> sample.time));
        reports.addAll(Uptime.of(own, from, to, gapSeconds, onlyUp, onlyDown));
      }
    });
    return reports;
  }

}
