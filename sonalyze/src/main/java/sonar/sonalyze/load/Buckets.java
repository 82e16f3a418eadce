package sonar.sonalyze.load;

import java.util.ArrayList;
import java.util.List;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.streams.Merging;

/**
 * The time slots of {@code load}: samples in the same slot averaged into one sample at the slot's
 * start, and, unless compact, a zero sample for every slot without data from the slot of the window's
 * start to that of its end. Immutable.
 */
enum Buckets {
  NONE(0),
  HALF_HOURLY(1_800),
  HOURLY(3_600),
  HALF_DAILY(43_200),
  DAILY(86_400);

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long nanos;

  Buckets(long seconds) {
    this.nanos = seconds * NANOS_PER_SECOND;
  }

  long truncate(long time) {
    return Math.floorDiv(time, nanos) * nanos;
  }

  /** The host's samples averaged per slot, in time order; samples must be in time order. */
  List<Sample> fold(List<Sample> samples) {
    List<Sample> slots = new ArrayList<>();
    List<Sample> slot = new ArrayList<>();
    int i = 0;
    while (i < samples.size()) {
      long start = truncate(samples.get(i).time);
      slot.clear();
      while (i < samples.size() && truncate(samples.get(i).time) == start) {
        slot.add(samples.get(i++));
      }
      Sample sum = Merging.sum(start, slot.get(0).host, "_merged_", 0, "_merged_", slot);
      double n = slot.size();
      sum.cpuPct /= n;
      sum.memGb /= n;
      sum.gpuPct /= n;
      sum.gpumemPct /= n;
      sum.gpumemGb /= n;
      sum.cputimeSec /= n;
      sum.cpuUtilPct /= n;
      slots.add(sum);
    }
    return slots;
  }

  /** The slots with a zero sample added for every slot without data from from's slot to to's. */
  List<Sample> fill(List<Sample> slots, long from, long to, String host) {
    List<Sample> filled = new ArrayList<>();
    long t = truncate(from);
    for (Sample slot : slots) {
      while (t < slot.time) {
        filled.add(zero(t, host));
        t += nanos;
      }
      filled.add(slot);
      t += nanos;
    }
    for (long end = truncate(to); t <= end; t += nanos) {
      filled.add(zero(t, host));
    }
    return filled;
  }

  private static Sample zero(long time, String host) {
    Sample zero = new Sample();
    zero.version = "0.0.0";
    zero.time = time;
    zero.host = host;
    zero.user = "_zero_";
    zero.cmd = "_zero_";
    return zero;
  }
}
