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
 * start over, and the same id is another job. A new boot is where the epoch grew by more than the time
 * between two samples (a second of slack for the kernel's rounding), which is where the node's uptime
 * went down; an epoch that merely follows the clock is one boot. Every sample's epoch is then set to
 * the epoch of the first sample of its boot, so that it names the boot. Samples without an epoch
 * (batch jobs, and every generation before 0.13) are left alone. Stateless.
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
        if (grown > elapsed + SLACK_SECONDS || grown < -SLACK_SECONDS) {
          bootEpoch = sample.epoch;
        }
        previousEpoch = sample.epoch;
        previousTime = sample.time;
        sample.epoch = bootEpoch;
      }
    }
  }
}
