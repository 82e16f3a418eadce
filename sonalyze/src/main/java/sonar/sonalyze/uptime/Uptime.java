package sonar.sonalyze.uptime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import sonar.sonalyze.data.Sample;
import sonar.sonalyze.output.Times;

/**
 * When one host and its GPUs were up or down, from every sample it sent (heartbeats included), as the
 * reference computes it: samples more than the gap threshold apart mean the host was down in between,
 * as does a first sample too long after the window's start or a last one too long before its end; within
 * each up period, runs of samples with equal GPU status are GPU up or down. Stateless.
 */
final class Uptime {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Uptime() {}

  /**
   * @param samples one host's samples, in time order
   * @param gapSeconds the longest gap that still counts as up
   * @return the host's reports, ordered by start (as text), ties in the order made
   */
  static List<Report> of(List<Sample> samples, long from, long to, long gapSeconds, boolean onlyUp,
      boolean onlyDown) {
    int start = 0;
    while (start < samples.size() && samples.get(start).time < from) {
      start++;
    }
    List<Report> reports = new ArrayList<>();
    if (start == samples.size()) {
      return reports;
    }
    int end = start;
    for (int i = start + 1; i < samples.size(); i++) {
      if (samples.get(i).time < to) {
        end = i;
      }
    }
    String host = samples.get(start).host;
    Sample first = samples.get(start);
    Sample last = samples.get(end);
    if (!within(from, first.time, gapSeconds) && !onlyUp) {
      reports.add(report("host", host, "down", from, first.time));
    }
    if (!within(last.time, to, gapSeconds) && !onlyUp) {
      reports.add(report("host", host, "down", last.time, to));
    }
    List<int[]> upWindows = new ArrayList<>();
    int windowStart = start;
    while (true) {
      long previous = samples.get(windowStart).time;
      int j = windowStart + 1;
      while (j <= end && within(previous, samples.get(j).time, gapSeconds)) {
        previous = samples.get(j).time;
        j++;
      }
      if (!onlyDown) {
        reports.add(report("host", host, "up", samples.get(windowStart).time, samples.get(j - 1).time));
      }
      upWindows.add(new int[] {windowStart, j - 1});
      if (j > end) {
        break;
      }
      if (!onlyUp) {
        reports.add(report("host", host, "down", previous, samples.get(j).time));
      }
      windowStart = j;
    }
    for (int[] window : upWindows) {
      int i = window[0];
      while (i <= window[1]) {
        boolean up = !samples.get(i).gpuFail;
        int runStart = i;
        while (i <= window[1] && !samples.get(i).gpuFail == up) {
          i++;
        }
        if (!(up && onlyDown) && !(!up && onlyUp)) {
          reports.add(report("gpu", host, up ? "up" : "down", samples.get(runStart).time,
              samples.get(Math.min(window[1], i)).time));
        }
      }
    }
    reports.sort(Comparator.comparing(Report::start)); // stable
    return reports;
  }

  /** Whether next is at most seconds after previous, counting whole seconds as the reference does. */
  private static boolean within(long previous, long next, long seconds) {
    return (next - previous) / NANOS_PER_SECOND <= seconds;
  }

  private static Report report(String device, String host, String state, long start, long end) {
    return new Report(device, host, state, Times.minutes(start), Times.minutes(end));
  }
}
