package sonar.naicreport.load;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sonar.naicreport.json.JsonTree;
import sonar.naicreport.sonalyze.Values;

/**
 * One host's (or with {@code --cluster} one group's) load over time, as {@code sonalyze load
 * --fmt=json,...} prints it: {@code [{"system":{"hostname","description","gpucards"},"records":[...]}]},
 * every value a string. Immutable.
 *
 * @param points in time order, as sonalyze prints them
 */
record SystemLoad(String hostname, String description, int gpuCards, List<Point> points) {

  /** One time slot: relative CPU, memory, GPU and GPU memory use, in percent. */
  record Point(ZonedDateTime time, double rcpu, double rmem, double rgpu, double rgpumem) {}

  /**
   * @throws IllegalArgumentException saying what in the output is not as expected
   */
  static List<SystemLoad> parse(String output) {
    List<SystemLoad> systems = new ArrayList<>();
    Object json;
    try {
      json = JsonTree.parse(output);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("While unmarshaling data from `sonalyze load`: " + e.getMessage(), e);
    }
    int index = 0;
    for (Map<String, Object> entry : Values.objects(json, "the output of `sonalyze load`")) {
      index++;
      try {
        systems.add(system(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the output of `sonalyze load`, system " + index + ": " + e.getMessage(), e);
      }
    }
    return systems;
  }

  private static SystemLoad system(Map<String, Object> entry) {
    Object system = entry.get("system");
    if (!(system instanceof Map)) {
      throw new IllegalArgumentException("no \"system\" object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> description = (Map<String, Object>) system;
    String hostname = Values.string(description, "hostname");
    List<Point> points = new ArrayList<>();
    Object records = entry.get("records");
    if (records != null) {
      for (Map<String, Object> record : Values.objects(records, "\"records\"")) {
        points.add(new Point(Values.dateTime(record, "datetime"), Values.number(record, "rcpu"),
            Values.number(record, "rmem"), Values.number(record, "rgpu"), Values.number(record, "rgpumem")));
      }
    }
    return new SystemLoad(hostname, Values.string(description, "description"),
        Values.integer(description, "gpucards"), List.copyOf(points));
  }
}
