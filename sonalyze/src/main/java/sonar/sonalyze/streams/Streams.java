package sonar.sonalyze.streams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import sonar.sonalyze.config.NodeConfig;
import sonar.sonalyze.data.Sample;

/**
 * Cuts samples into streams and cleans them, as the reference does before jobs, load and profile: one
 * stream per (host, process or rolled-up job, command, and boot for jobs outside a batch system, see
 * {@link Boots}); each in time order with repeated
 * times dropped (the first kept); CPU use computed from the change of cpu time to the previous sample
 * (the first sample's own {@code cpu%}); GPU memory made consistent with the node's size when it is
 * known; then samples that fail the filter, or whose CPU use is negative or NaN (cpu time that went
 * backwards), dropped, and empty streams with them. Stateless.
 */
public final class Streams {

  /** Added to the job id to name a rolled-up stream, so that it never meets a process id. */
  public static final long ROLLED_UP_ID_BASE = 10_000_000;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Streams() {}

  /**
   * Equality and hash written out: a record's own go through method handles, which C1 (the launcher's
   * only compiler) does not inline; they took a tenth of a {@code jobs} run's CPU time.
   */
  private record Key(String host, long id, String cmd, long epoch) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && id == key.id && epoch == key.epoch && Objects.equals(host, key.host)
          && Objects.equals(cmd, key.cmd);
    }

    @Override
    public int hashCode() {
      int hash = 31 * Objects.hashCode(host) + Long.hashCode(id);
      return 31 * (31 * hash + Objects.hashCode(cmd)) + Long.hashCode(epoch);
    }
  }

  /**
   * @param samples the samples of any hosts, in the order read
   * @param keep the record filter
   * @param sizes each host's size, or null when unknown
   * @return the streams, ordered by host, command, id and epoch
   */
  public static List<SampleStream> build(List<Sample> samples, Predicate<Sample> keep,
      Function<String, NodeConfig> sizes) {
    Boots.name(samples);
    Map<Key, List<Sample>> byKey = new HashMap<>();
    for (Sample sample : samples) {
      long id = sample.rolledup > 0 ? ROLLED_UP_ID_BASE + sample.job : sample.pid;
      byKey.computeIfAbsent(new Key(sample.host, id, sample.cmd, sample.epoch), key -> new ArrayList<>()).add(sample);
    }
    List<SampleStream> streams = new ArrayList<>(byKey.size());
    for (Map.Entry<Key, List<Sample>> entry : byKey.entrySet()) {
      List<Sample> stream = entry.getValue();
      if (!inTimeOrder(stream)) { // as a file lists them, mostly
        stream.sort(Comparator.comparingLong(sample -> sample.time)); // stable: the first of equal times stays first
      }
      dropRepeatedTimes(stream);
      computeCpuUse(stream);
      NodeConfig size = sizes.apply(entry.getKey().host());
      if (size != null && size.gpuCards() > 0) {
        fixGpuMemory(stream, size);
      }
      stream.removeIf(sample -> !(keep.test(sample) && sample.cpuUtilPct >= 0));
      if (!stream.isEmpty()) {
        Key key = entry.getKey();
        streams.add(new SampleStream(key.host(), key.id(), key.cmd(), key.epoch(), stream));
      }
    }
    streams.sort(ORDER);
    return streams;
  }

  /** Host, then command, then id, then epoch: an order that does not depend on hashing. */
  public static final Comparator<SampleStream> ORDER = Comparator.comparing(SampleStream::host)
      .thenComparing(SampleStream::cmd).thenComparingLong(SampleStream::id).thenComparingLong(SampleStream::epoch);

  private static boolean inTimeOrder(List<Sample> stream) {
    for (int i = 1; i < stream.size(); i++) {
      if (stream.get(i).time < stream.get(i - 1).time) {
        return false;
      }
    }
    return true;
  }

  private static void dropRepeatedTimes(List<Sample> stream) {
    int kept = 1;
    for (int i = 1; i < stream.size(); i++) {
      if (stream.get(i).time != stream.get(kept - 1).time) {
        stream.set(kept++, stream.get(i));
      }
    }
    while (stream.size() > kept) {
      stream.remove(stream.size() - 1);
    }
  }

  private static void computeCpuUse(List<Sample> stream) {
    Sample previous = stream.get(0);
    previous.cpuUtilPct = previous.cpuPct;
    for (int i = 1; i < stream.size(); i++) {
      Sample sample = stream.get(i);
      // Whole seconds, as the reference counts them.
      double seconds = (double) ((sample.time - previous.time) / NANOS_PER_SECOND);
      sample.cpuUtilPct = ((sample.cputimeSec - previous.cputimeSec) / seconds) * 100.0;
      previous = sample;
    }
  }

  /**
   * As the reference: the percentage times the card size, or the size over the card size, with no
   * factor 100 either way; the cases pin it. Nodes without cards are left as read.
   */
  private static void fixGpuMemory(List<Sample> stream, NodeConfig size) {
    double cardSize = size.gpumemGb() / size.gpuCards();
    for (Sample sample : stream) {
      if (size.gpumemPct()) {
        sample.gpumemGb = sample.gpumemPct * cardSize;
      } else {
        sample.gpumemPct = sample.gpumemGb / cardSize;
      }
    }
  }
}
