package sonar.naicreport.load;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import sonar.naicreport.json.GoJson;

/**
 * The JSON file the dashboard plots for one host: {@code date} (when made, local time), {@code hostname},
 * {@code tag}, {@code bucketing}, {@code labels} (the slots, UTC), {@code rcpu}, {@code rmem}, and when
 * the host has GPUs and all their figures are numbers {@code rgpu} and {@code rgpumem}; with downtime
 * {@code downhost} and {@code downgpu}; then {@code system} with the host's description. As the
 * reference's Go struct marshals it: empty series other than labels, rcpu and rmem are left out.
 * Stateless.
 */
final class LoadReport {

  static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

  private LoadReport() {}

  /**
   * @param downtime the host's down periods, or null without {@code -with-downtime}
   * @throws IllegalArgumentException when rcpu or rmem holds NaN or an infinity, which JSON cannot carry
   */
  static String json(SystemLoad system, String date, String tag, String bucketing, Downtime downtime) {
    List<ZonedDateTime> slots = new ArrayList<>(system.points().size());
    boolean withGpu = system.gpuCards() > 0;
    for (SystemLoad.Point point : system.points()) {
      slots.add(point.time());
      // One point without GPU figures (NaN) drops the GPU series altogether.
      withGpu = withGpu && !Double.isNaN(point.rgpu()) && !Double.isNaN(point.rgpumem());
    }
    GoJson json = new GoJson().beginObject()
        .field("date", date)
        .field("hostname", system.hostname())
        .field("tag", tag)
        .field("bucketing", bucketing)
        .key("labels").beginArray();
    for (ZonedDateTime slot : slots) {
      json.value(DATE_TIME.format(slot));
    }
    json.endArray();
    try {
      series(json, "rcpu", system, 0);
      series(json, "rmem", system, 1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("While marshaling perHost data for " + system.hostname() + ": "
          + e.getMessage(), e);
    }
    if (withGpu && !system.points().isEmpty()) {
      try {
        series(json, "rgpu", system, 2);
        series(json, "rgpumem", system, 3);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("While marshaling perHost data for " + system.hostname() + ": "
            + e.getMessage(), e);
      }
    }
    if (downtime != null) {
      Downtime.Series down = downtime.series(system.hostname(), slots, withGpu);
      flags(json, "downhost", down.host());
      flags(json, "downgpu", down.gpu());
    }
    return json.key("system").beginObject()
        .field("hostname", system.hostname())
        .field("description", system.description())
        .endObject()
        .endObject()
        .toString();
  }

  private static void series(GoJson json, String name, SystemLoad system, int which) {
    json.key(name).beginArray();
    for (SystemLoad.Point point : system.points()) {
      double value = switch (which) {
        case 0 -> point.rcpu();
        case 1 -> point.rmem();
        case 2 -> point.rgpu();
        default -> point.rgpumem();
      };
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("json: unsupported value: "
            + (Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf") + " in " + name);
      }
      json.value(value);
    }
    json.endArray();
  }

  /** A 0/1 series, left out when absent or empty as Go's {@code omitempty} does. */
  private static void flags(GoJson json, String name, int[] values) {
    if (values == null || values.length == 0) {
      return;
    }
    json.key(name).beginArray();
    for (int value : values) {
      json.value(value);
    }
    json.endArray();
  }
}
