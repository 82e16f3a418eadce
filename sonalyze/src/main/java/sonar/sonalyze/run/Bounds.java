package sonar.sonalyze.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sonar.sonalyze.data.Sample;

/**
 * The first and last time of every host's samples, whatever the filters: what "live at the start" and
 * "live at the end" of a job are measured against, and what {@code metadata} prints.
 */
public final class Bounds {

  private final Map<String, long[]> byHost = new HashMap<>();

  public static Bounds of(List<Sample> samples) {
    Bounds bounds = new Bounds();
    for (Sample sample : samples) {
      bounds.add(sample.host, sample.time, sample.time);
    }
    return bounds;
  }

  public void add(String host, long earliest, long latest) {
    long[] known = byHost.get(host);
    if (known == null) {
      byHost.put(host, new long[] {earliest, latest});
    } else {
      known[0] = Math.min(known[0], earliest);
      known[1] = Math.max(known[1], latest);
    }
  }

  public void addAll(Bounds other) {
    other.byHost.forEach((host, range) -> add(host, range[0], range[1]));
  }

  public boolean isEmpty() {
    return byHost.isEmpty();
  }

  public long earliest(String host) {
    return byHost.get(host)[0];
  }

  public long latest(String host) {
    return byHost.get(host)[1];
  }

  public Map<String, long[]> asMap() {
    return byHost;
  }
}
