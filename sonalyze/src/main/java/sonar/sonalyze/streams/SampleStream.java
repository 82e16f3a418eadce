package sonar.sonalyze.streams;

import java.util.List;
import sonar.sonalyze.data.Sample;

/**
 * The samples of one process, or of one rolled-up group of processes, on one host, in time order with
 * no two at the same time.
 *
 * @param id the process id, or for rolled-up samples the job id plus {@link Streams#ROLLED_UP_ID_BASE}
 * @param epoch the node's boot epoch for jobs outside a batch system (sonar 0.13 and later), else 0
 */
public record SampleStream(String host, long id, String cmd, long epoch, List<Sample> samples) {

  public Sample first() {
    return samples.get(0);
  }

  /** The job the stream belongs to: that of its first sample, as the reference takes it. */
  public long job() {
    return samples.get(0).job;
  }
}
