package sonar.sonalyze.run;

import java.util.ArrayList;
import java.util.List;
import sonar.sonalyze.hosts.HostFilter;
import sonar.sonalyze.hosts.HostPattern;

/**
 * The parts every data command starts from: the host patterns, the input and its window, and the
 * record filter. Immutable.
 */
public record Query(HostFilter hosts, Input input, RecordFilter filter) {

  /** @throws Failure for a bad host pattern or job number, or a missing data directory */
  public static Query open(Context context) {
    List<HostPattern> patterns = new ArrayList<>();
    for (String pattern : context.flags().values("host")) {
      try {
        patterns.add(HostPattern.parse(pattern));
      } catch (IllegalArgumentException e) {
        throw new Failure("--host: " + e.getMessage());
      }
    }
    HostFilter hosts = new HostFilter(patterns);
    RecordFilter.checkJobs(context.flags());
    Input input = Input.open(context.flags(), context.env(), context.now(), context.from(), context.to(), hosts,
        context.problems());
    RecordFilter filter = RecordFilter.of(context.command(), context.flags(), context.env(), hosts, input.window());
    return new Query(hosts, input, filter);
  }

  public Window window() {
    return input.window();
  }
}
