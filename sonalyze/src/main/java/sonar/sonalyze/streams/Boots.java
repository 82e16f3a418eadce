package sonar.sonalyze.streams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sonar.sonalyze.data.Sample;

/**
 * Tells a node's boots apart by the {@code epoch} that sonar 0.13 and later give jobs outside a batch
 * system (the node's boot time, in seconds from a fixed base): after a reboot, process and job ids
 * start over, and the same id is another job. A new boot is where the epoch changed between two of the
 * node's samples (by more than a second, the kernel's rounding), unless it changed by just the time
 * between them: an epoch that follows the clock counts time, not boots (the reference's own test data
 * has such epochs, and the reference reads them as one job). Every sample's epoch is then set to the
 * epoch of the first sample of its boot, so that it names the boot. Samples without an epoch (batch
 * jobs, and every generation before 0.13) are left alone. Stateless.
 */
final class Boots {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long SLACK_SECONDS = 1;

  private Boots() {}

  static void name(List<Sample> samples) {
    Map<String, List<Sample>> byHost = null;
    for (Sample sample : samples) {
      if (sample.epoch != 0) {
        if (byHost == null) {
          byHost = new HashMap<>();
        }
        byHost.computeIfAbsent(sample.host, host -> new ArrayList<>()).add(sample);
      }
    }
    if (byHost == null) {
      return;
    }
    for (List<Sample> host : byHost.values()) {
      host.sort(Comparator.comparingLong(sample -> sample.time));
      long bootEpoch = host.get(0).epoch;
      long previousEpoch = bootEpoch;
      long previousTime = host.get(0).time;
      for (Sample sample : host) {
        long elapsed = (sample.time - previousTime) / NANOS_PER_SECOND;
        long grown = sample.epoch - previousEpoch;
        if (Math.abs(grown) > SLACK_SECONDS && Math.abs(grown - elapsed) > SLACK_SECONDS) {
          bootEpoch = sample.epoch;
        }
        previousEpoch = sample.epoch;
        previousTime = sample.time;
        sample.epoch = bootEpoch;
      }
    }
  }
}
