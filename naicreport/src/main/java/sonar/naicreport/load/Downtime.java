package sonar.naicreport.load;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sonar.naicreport.json.JsonTree;
import sonar.naicreport.sonalyze.Values;

/**
 * When hosts and their GPUs were down, from {@code sonalyze uptime --only-down
 * --fmt=json,device,host,start,end}, and the 0/1 series the load reports draw from it: a slot is down
 * when a down period covers it, counting the slot a period starts in. Immutable.
 */
final class Downtime {

  /** One down period of a host ({@code device} {@code host}) or of its GPUs (any other device). */
  record Period(String device, ZonedDateTime start, ZonedDateTime end) {}

  private final Map<String, List<Period>> byHost;

  private Downtime(Map<String, List<Period>> byHost) {
    this.byHost = byHost;
  }

  /**
   * Reads sonalyze's output; a period whose times do not parse is skipped, as the reference does.
   *
   * @throws IllegalArgumentException when the output is not such a JSON array
   */
  static Downtime parse(String output) {
    Object json;
    try {
      json = JsonTree.parse(output);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("While unmarshaling downtime data: " + e.getMessage(), e);
    }
    Map<String, List<Period>> byHost = new LinkedHashMap<>();
    for (Map<String, Object> entry : Values.objects(json, "the output of `sonalyze uptime`")) {
      ZonedDateTime start = time(entry.get("start"));
      ZonedDateTime end = time(entry.get("end"));
      if (start == null || end == null) {
        continue;
      }
      String host = Values.string(entry, "host");
      byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(new Period(Values.string(entry, "device"), start, end));
    }
    return new Downtime(byHost);
  }

  private static ZonedDateTime time(Object value) {
    return value instanceof String text ? Values.parseDateTime(text) : null;
  }

  /** The two series of a host over the given slots; absent (null) when the host has no down period. */
  record Series(int[] host, int[] gpu) {}

  /**
   * @param slots the report's slot times, ascending
   * @param withGpu whether the report carries GPU data, and so a GPU series
   */
  Series series(String host, List<ZonedDateTime> slots, boolean withGpu) {
    List<Period> periods = byHost.get(host);
    if (periods == null) {
      return new Series(null, null);
    }
    int[] down = new int[slots.size()];
    int[] gpuDown = withGpu ? new int[slots.size()] : null;
    for (Period period : periods) {
      int first = Math.max(firstAfter(slots, period.start()) - 1, 0);
      for (int i = first; i < slots.size() && slots.get(i).isBefore(period.end()); i++) {
        if (period.device().equals("host")) {
          down[i] = 1;
        } else if (gpuDown != null) {
          gpuDown[i] = 1;
        }
      }
    }
    return new Series(down, gpuDown);
  }

  /** The index of the first slot later than the time, or the number of slots. */
  private static int firstAfter(List<ZonedDateTime> slots, ZonedDateTime time) {
    int low = 0;
    int high = slots.size();
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (slots.get(middle).isAfter(time)) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }
}
