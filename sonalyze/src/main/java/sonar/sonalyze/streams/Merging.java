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

  /** The merged stream; every sample names host, user, job and command as given, version {@code 0.0.0}. */
  public static List<Sample> merge(String host, String user, long job, String cmd, long epoch,
      List<List<Sample>> streams) {
    int count = streams.size();
    int[] next = new int[count];
    List<Sample> merged = new ArrayList<>();
    List<Sample> taken = new ArrayList<>(count);
    while (true) {
      int earliest = -1;
      for (int i = 0; i < count; i++) {
        List<Sample> stream = streams.get(i);
        if (next[i] < stream.size()
            && (earliest < 0 || stream.get(next[i]).time < streams.get(earliest).get(next[earliest]).time)) {
          earliest = i;
        }
      }
      if (earliest < 0) {
        return merged;
      }
      long t = streams.get(earliest).get(next[earliest]).time;
      taken.clear();
      for (int i = 0; i < count; i++) {
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
      }
      Sample sum = sum(t, host, user, job, cmd, taken);
      sum.epoch = epoch;
      merged.add(sum);
    }
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
