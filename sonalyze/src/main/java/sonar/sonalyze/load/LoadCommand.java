package sonar.sonalyze.load;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import sonar.sonalyze.cli.ParsedFlags;
import sonar.sonalyze.config.NodeConfig;
import sonar.sonalyze.config.NodeSizes;
import sonar.sonalyze.data.HostData;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.hosts.HostNames;
import sonar.sonalyze.output.Format;
import sonar.sonalyze.output.Json;
import sonar.sonalyze.output.Table;
import sonar.sonalyze.run.CommandRun;
import sonar.sonalyze.run.Context;
import sonar.sonalyze.run.Failure;
import sonar.sonalyze.run.Input;
import sonar.sonalyze.run.Query;
import sonar.sonalyze.run.Window;
import sonar.sonalyze.streams.Merging;
import sonar.sonalyze.streams.SampleStream;
import sonar.sonalyze.streams.Streams;

/**
 * {@code sonalyze load}: each host's summed load at every sonar instant, averaged per time slot, with
 * empty slots filled with zeroes; hosts in name order, each printed as soon as it and the hosts before
 * it are done, so that memory holds a few hosts at a time. {@code --cluster} sums the hosts' slots
 * into one.
 */
public final class LoadCommand implements CommandRun {

  private final Buckets buckets;
  private final boolean last;
  private final boolean compact;
  private final boolean cluster;

  public LoadCommand(ParsedFlags flags) {
    if (flags.has("daily")) {
      buckets = Buckets.DAILY;
    } else if (flags.has("half-daily")) {
      buckets = Buckets.HALF_DAILY;
    } else if (flags.has("none")) {
      buckets = Buckets.NONE;
    } else if (flags.has("half-hourly")) {
      buckets = Buckets.HALF_HOURLY;
    } else {
      buckets = Buckets.HOURLY;
    }
    last = flags.has("last");
    compact = flags.has("compact");
    cluster = flags.has("cluster");
  }

  public static String formatHelp() {
    return LoadFields.fields(null, 0).help();
  }

  @Override
  public void run(Context context) {
    Query query = Query.open(context);
    Map<String, NodeConfig> config = context.config();
    NodeSizes sizes = new NodeSizes(config);
    Format format = context.format(LoadFields.fields(null, context.now()));
    boolean relative = format.fields().stream().anyMatch(LoadFields.RELATIVE::contains);
    if (relative && config == null && !query.input().mayHaveDescriptions()) {
      throw new Failure("Relative values requested without config file");
    }
    if (cluster && buckets == Buckets.NONE) {
      throw new Failure("Clustering across hosts requires first bucketing by time");
    }
    if (context.flags().has("verbose")) {
      return;
    }
    Printer printer = new Printer(context, format);
    Window window = query.window();
    List<HostLoad> clustered = new ArrayList<>();
    context.workers().forEachInOrder(query.input().groups(),
        group -> hosts(query, group, sizes), loads -> {
          for (HostLoad load : loads) {
            if (cluster) {
              clustered.add(load);
            } else {
              printer.host(render(load, format, window, relative, context));
            }
          }
        });
    if (cluster && !clustered.isEmpty()) {
      printer.host(render(sum(clustered, relative, context), format, window, relative, context));
    }
    printer.end();
  }

  /** One host's load: its slots (or instants, with --none), and its size. */
  private record HostLoad(String host, List<Sample> series, NodeConfig size) {}

  private List<HostLoad> hosts(Query query, Input.Group group, NodeSizes sizes) {
    HostData data = query.input().read(group);
    Map<String, NodeConfig> described = new HashMap<>();
    data.described().forEach(node -> described.put(node.hostname(), node));
    Function<String, NodeConfig> sizeOf = host -> sizes.of(host, described.get(host));
    Map<String, List<List<Sample>>> byHost = new TreeMap<>();
    for (SampleStream stream : Streams.build(data.samples(), query.filter(), sizeOf)) {
      byHost.computeIfAbsent(stream.host(), host -> new ArrayList<>()).add(stream.samples());
    }
    List<HostLoad> loads = new ArrayList<>(byHost.size());
    byHost.forEach((host, streams) -> {
      List<Sample> merged = Merging.merge(host, "_merged_", 0, "_merged_", 0, streams);
      loads.add(new HostLoad(host, buckets == Buckets.NONE ? merged : buckets.fold(merged), sizeOf.apply(host)));
    });
    return loads;
  }

  /** The hosts' slots summed into one: its size the sum of theirs, its descriptions joined by |||. */
  private HostLoad sum(List<HostLoad> loads, boolean relative, Context context) {
    List<String> hosts = new ArrayList<>();
    List<List<Sample>> series = new ArrayList<>();
    long cores = 0;
    double mem = 0;
    long cards = 0;
    double gpumem = 0;
    List<String> descriptions = new ArrayList<>();
    boolean sized = true;
    for (HostLoad load : loads) {
      hosts.add(load.host());
      series.add(load.series());
      if (load.size() == null) {
        sized = false;
        if (relative) {
          context.problems().error(missingSize(load.host(), context) + "; the cluster's load is not printed");
        }
        continue;
      }
      cores += load.size().cpuCores();
      mem += load.size().memGb();
      cards += load.size().gpuCards();
      gpumem += load.size().gpumemGb();
      descriptions.add(load.size().description());
    }
    String name = HostNames.compress(hosts);
    NodeConfig size = sized ? new NodeConfig(name, String.join("|||", descriptions), cores, mem, cards, gpumem,
        false) : null;
    return new HostLoad(name, Merging.merge(name, "_merged_", 0, "_merged_", 0, series), size);
  }

  private static String missingSize(String host, Context context) {
    return host + ": " + (context.flags().has("config-file") ? "not in the config file and " : "")
        + "no sysinfo in the data";
  }

  /** The text of one host's block, or null when it cannot be printed. */
  private String render(HostLoad load, Format format, Window window, boolean relative, Context context) {
    if (relative && load.size() == null) {
      if (!cluster) { // a cluster's missing hosts were named when it was summed
        context.problems().error(missingSize(load.host(), context) + "; its load is not printed (relative "
            + "fields need the node's size)");
      }
      return null;
    }
    List<Sample> rows;
    if (last) {
      rows = List.of(load.series().get(load.series().size() - 1));
    } else if (buckets == Buckets.NONE || compact) {
      rows = load.series();
    } else {
      rows = buckets.fill(load.series(), window.from(), window.to(), load.host());
    }
    StringWriter text = new StringWriter();
    try {
      if (format.json()) {
        StringBuilder system = new StringBuilder("{\"system\":{\"hostname\":");
        Json.string(system, load.host());
        system.append(",\"description\":");
        Json.string(system, load.size() == null ? "Unknown" : load.size().description());
        system.append(",\"gpucards\":");
        Json.string(system, Long.toString(load.size() == null ? 0 : load.size().gpuCards()));
        system.append("},\"records\":");
        text.append(system);
        Table.write(text, format, LoadFields.fields(load.size(), context.now()), rows);
        text.append('}');
      } else {
        if (format.forPeople() && !format.hasField("host")) {
          text.append("HOST: ").append(load.host()).append('\n');
        }
        Table.write(text, format, LoadFields.fields(load.size(), context.now()), rows);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** Writes the hosts' blocks in order; in json, as one array. */
  private static final class Printer {
    private final Context context;
    private final boolean json;
    private int printed;

    Printer(Context context, Format format) {
      this.context = context;
      this.json = format.json();
    }

    void host(String block) {
      if (block == null) {
        return;
      }
      try {
        if (json) {
          context.out().append(printed == 0 ? "[" : ",");
        }
        context.out().append(block);
        printed++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void end() {
      if (json) {
        try {
          context.out().append(printed == 0 ? "[]" : "]");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
