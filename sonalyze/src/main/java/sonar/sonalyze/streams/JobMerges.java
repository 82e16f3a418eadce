package sonar.sonalyze.streams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.hosts.HostNames;
import sonar.sonalyze.run.Bounds;

/**
 * Puts a job's streams together into one stream of samples: per host and job (the default), or per job
 * across hosts ({@code --batch}, the host then the compressed list of hosts). A job is its id and, for
 * jobs outside a batch system, the node's boot epoch, so that ids reused after a reboot make other
 * jobs; such jobs never span hosts. Streams of job 0 (no job known) are each a job of their own. The
 * merged command is the streams' commands, sorted and comma-joined; the user that of the first stream.
 * Stateless.
 */
public final class JobMerges {

  private JobMerges() {}

  /** A job's samples, and the host (or hosts) it ran on. */
  public record Job(String host, List<Sample> samples) {}

  /** Equality and hash written out, as {@code Streams.Key}'s and for the same reason; host may be null. */
  private record Key(String host, long job, long epoch) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && job == key.job && epoch == key.epoch && Objects.equals(host, key.host);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * Objects.hashCode(host) + Long.hashCode(job)) + Long.hashCode(epoch);
    }
  }

  /** Per host and job; streams ordered as {@link Streams#build} orders them. */
  public static List<Job> byHostAndJob(List<SampleStream> streams) {
    return byHostAndJob(streams, true);
  }

  /**
   * Per host and job.
   *
   * @param synthesize false to pass a job of one stream on as its samples, not as merged samples (which
   *     would differ only in version, pid and cores: what the aggregates of {@code jobs} do not read)
   */
  public static List<Job> byHostAndJob(List<SampleStream> streams, boolean synthesize) {
    Map<Key, List<SampleStream>> groups = new LinkedHashMap<>();
    List<Job> jobs = new ArrayList<>();
    for (SampleStream stream : streams) {
      if (stream.job() == 0) {
        jobs.add(new Job(stream.host(), stream.samples()));
      } else {
        groups.computeIfAbsent(new Key(stream.host(), stream.job(), stream.epoch()), key -> new ArrayList<>())
            .add(stream);
      }
    }
    groups.forEach((key, members) -> jobs.add(new Job(key.host(),
        synthesize || members.size() > 1 ? merge(key.host(), members) : members.get(0).samples())));
    return jobs;
  }

  /**
   * Per job across hosts: each merged job's bounds, the earliest and latest of its hosts', are added to
   * bounds under its (compressed) host name.
   */
  public static List<Job> byJob(List<SampleStream> streams, Bounds hostBounds, Bounds bounds) {
    Map<Key, List<SampleStream>> groups = new LinkedHashMap<>();
    List<Job> jobs = new ArrayList<>();
    for (SampleStream stream : streams) {
      if (stream.job() == 0) {
        jobs.add(new Job(stream.host(), stream.samples()));
        bounds.add(stream.host(), hostBounds.earliest(stream.host()), hostBounds.latest(stream.host()));
      } else {
        String host = stream.epoch() == 0 ? null : stream.host(); // a node's own job never spans hosts
        groups.computeIfAbsent(new Key(host, stream.job(), stream.epoch()), key -> new ArrayList<>()).add(stream);
      }
    }
    groups.forEach((key, members) -> {
      TreeSet<String> hosts = new TreeSet<>();
      members.forEach(stream -> hosts.add(stream.host()));
      String name = HostNames.compress(hosts);
      for (String host : hosts) {
        bounds.add(name, hostBounds.earliest(host), hostBounds.latest(host));
      }
      jobs.add(new Job(name, merge(name, members)));
    });
    return jobs;
  }

  private static List<Sample> merge(String host, List<SampleStream> members) {
    TreeSet<String> commands = new TreeSet<>();
    List<List<Sample>> streams = new ArrayList<>(members.size());
    for (SampleStream stream : members) {
      commands.add(stream.cmd());
      streams.add(stream.samples());
    }
    SampleStream first = members.get(0);
    return Merging.merge(host, first.first().user, first.job(), String.join(",", commands), first.epoch(), streams);
  }
}
