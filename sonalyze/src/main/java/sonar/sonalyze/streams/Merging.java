package sonar.sonalyze.streams;

import java.util.ArrayList;
import java.util.List;
import sonar.sonalyze.data.GpuSet;
import sonar.sonalyze.data.Sample;

/**
 * Merges several streams into one, as the reference does for a job's processes and hosts and for a
 * host's load: at the earliest time t any stream has next, each stream gives its next sample if that is
 * within [t, t+10 s), else its previous one if it has a later sample and the previous is at most 30 s
 * old, or if the previous is its last and at most 60 s old; the figures of the samples given are summed
 * into one sample at t. Stateless.
 */
public final class Merging {

  private static final long WINDOW = 10_000_000_000L;
  private static final long NEAR_PAST = 30_000_000_000L;
  private static final long DEEP_PAST = 60_000_000_000L;

  private Merging() {}

  /**
   * The merged stream; every sample names host, user, job and command as given, version {@code 0.0.0}.
   * Only the streams that have begun and are not long over are looked at for each time (a host's load
   * merges a week of jobs that come and go), in their given order, so that the sums are the same.
   */
  public static List<Sample> merge(String host, String user, long job, String cmd, long epoch,
      List<List<Sample>> streams) {
    int count = streams.size();
    int[] next = new int[count];
    Integer[] byStart = new Integer[count];
    for (int i = 0; i < count; i++) {
      byStart[i] = i;
    }
    java.util.Arrays.sort(byStart, (a, b) -> Long.compare(streams.get(a).get(0).time, streams.get(b).get(0).time));
    int pending = 0; // byStart[pending...] have not begun
    int[] active = new int[count]; // begun and not over, ascending by index
    int activeCount = 0;
    List<Sample> merged = new ArrayList<>();
    List<Sample> taken = new ArrayList<>(count);
    while (true) {
      long t = Long.MAX_VALUE;
      for (int a = 0; a < activeCount; a++) {
        int i = active[a];
        if (next[i] < streams.get(i).size()) {
          t = Math.min(t, streams.get(i).get(next[i]).time);
        }
      }
      if (pending < count) {
        t = Math.min(t, streams.get(byStart[pending]).get(0).time);
      }
      if (t == Long.MAX_VALUE) {
        return merged;
      }
      while (pending < count && streams.get(byStart[pending]).get(0).time < t + WINDOW) {
        activeCount = insert(active, activeCount, byStart[pending++]);
      }
      taken.clear();
      int kept = 0;
      for (int a = 0; a < activeCount; a++) {
        int i = active[a];
        List<Sample> stream = streams.get(i);
        int at = next[i];
        if (at < stream.size() && stream.get(at).time >= t && stream.get(at).time < t + WINDOW) {
          taken.add(stream.get(at));
          next[i]++;
        } else if (at > 0 && at < stream.size() && stream.get(at - 1).time >= t - NEAR_PAST) {
          taken.add(stream.get(at - 1));
        } else if (at > 0 && stream.get(at - 1).time < t && stream.get(at - 1).time >= t - DEEP_PAST) {
          taken.add(stream.get(at - 1));
        }
        boolean over = next[i] == stream.size() && stream.get(next[i] - 1).time < t - DEEP_PAST;
        if (!over) {
          active[kept++] = i; // a stream whose last sample is past carrying forward is never looked at again
        }
      }
      activeCount = kept;
      Sample sum = sum(t, host, user, job, cmd, taken);
      sum.epoch = epoch;
      merged.add(sum);
    }
  }

  private static int insert(int[] sorted, int count, int value) {
    int at = count;
    while (at > 0 && sorted[at - 1] > value) {
      sorted[at] = sorted[at - 1];
      at--;
    }
    sorted[at] = value;
    return count + 1;
  }

  /** The sum of the samples' figures, as one sample at time t. */
  public static Sample sum(long t, String host, String user, long job, String cmd, List<Sample> samples) {
    Sample sum = new Sample();
    sum.version = "0.0.0";
    sum.time = t;
    sum.host = host;
    sum.user = user;
    sum.job = job;
    sum.cmd = cmd;
    long processes = 0;
    GpuSet gpus = GpuSet.EMPTY;
    for (Sample sample : samples) {
      sum.cpuPct += sample.cpuPct;
      sum.memGb += sample.memGb;
      sum.gpuPct += sample.gpuPct;
      sum.gpumemPct += sample.gpumemPct;
      sum.gpumemGb += sample.gpumemGb;
      sum.cputimeSec += sample.cputimeSec;
      sum.cpuUtilPct += sample.cpuUtilPct;
      processes += sample.rolledup + 1;
      sum.gpuFail |= sample.gpuFail;
      gpus = gpus.union(sample.gpus);
    }
    sum.rolledup = processes - 1;
    sum.gpus = gpus;
    return sum;
  }
}
