package sonar.format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@code sonar ps --csv} prints (csvnamed lines) by the reference sender's rules: a field
 * without {@code =} or with an unknown name is dropped and the record kept; a value that does not parse
 * drops the record; so does a record without {@code v}, {@code time}, {@code host} or {@code cmd}, or a
 * non-heartbeat without {@code user}. Unlike the reference, a {@code time} that is not RFC 3339 also
 * drops the record: servers cannot file it under a date. Every drop is reported in the reference's words.
 * Stateless; thread-safe.
 */
public final class CsvNamedParser {

  /** Readings and heartbeats in input order, with one message per dropped field or record. */
  public record Result(List<Reading> readings, List<Heartbeat> heartbeats, List<String> problems) {}

  private static final Map<String, ReadingField> BY_NAME = byName();

  private static final List<ReadingField> MANDATORY =
      List.of(ReadingField.VERSION, ReadingField.TIME, ReadingField.HOST, ReadingField.CMD);

  /** A plain loop rather than a stream: this runs at the start of every sender run, where time counts. */
  private static Map<String, ReadingField> byName() {
    Map<String, ReadingField> byName = new HashMap<>();
    for (ReadingField field : ReadingField.values()) {
      if (field.csvName() != null) {
        byName.put(field.csvName(), field);
      }
    }
    return Map.copyOf(byName);
  }

  /** Every record gets this cluster, as csvnamed lines carry none. */
  public Result parse(String input, String cluster) {
    return parse(input, cluster, 1);
  }

  /**
   * Parses a piece of a longer input, cut between records (see {@link CsvRecords#CsvRecords(String, int)}).
   *
   * @param firstLine the number of the piece's first line in the whole input, for the messages
   */
  public Result parse(String input, String cluster, int firstLine) {
    List<Reading> readings = new ArrayList<>();
    List<Heartbeat> heartbeats = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    CsvRecords records = new CsvRecords(input, firstLine);
    for (CsvRecords.Result record = records.next(); record != null; record = records.next()) {
      if (!record.ok()) {
        problems.add("Dropping record with bad CSV syntax on line " + record.line() + ": " + record.error());
        continue;
      }
      Reading reading = toReading(record.fields(), problems);
      if (reading == null) {
        continue;
      }
      reading = reading.withCluster(cluster);
      if (reading.cmd().equals(Reading.HEARTBEAT_COMMAND)) {
        heartbeats.add(new Heartbeat(reading.version(), reading.time(), cluster, reading.host()));
      } else {
        readings.add(reading);
      }
    }
    return new Result(readings, heartbeats, problems);
  }

  private static Reading toReading(List<String> fields, List<String> problems) {
    Reading.Builder builder = new Reading.Builder();
    for (String field : fields) {
      int equals = field.indexOf('=');
      if (equals < 0) {
        problems.add("Dropping field with illegal syntax: " + field);
        continue;
      }
      ReadingField name = BY_NAME.get(field.substring(0, equals));
      if (name == null) {
        problems.add("Dropping field with unknown name: " + field);
        continue;
      }
      if (!set(builder, name, field.substring(equals + 1))) {
        problems.add("Dropping record with illegal/unparseable value: " + field);
        return null;
      }
    }
    Reading reading = builder.build();
    StringBuilder missing = new StringBuilder();
    for (ReadingField field : MANDATORY) {
      if (reading.text(field).isEmpty()) {
        missing.append(field.csvName()).append(' ');
      }
    }
    if (reading.user().isEmpty() && !reading.cmd().equals(Reading.HEARTBEAT_COMMAND)) {
      missing.append(ReadingField.USER.csvName()).append(' ');
    }
    if (missing.length() > 0) {
      problems.add("Dropping record with missing mandatory field(s): " + missing);
      return null;
    }
    return reading;
  }

  private static boolean set(Reading.Builder builder, ReadingField field, String value) {
    try {
      switch (field.kind()) {
        case TEXT -> {
          if (field == ReadingField.TIME && !value.isEmpty()) {
            Timestamp.parse(value);
          }
          builder.text(field, value);
        }
        case UINT -> builder.unsigned(field, GoNumbers.parseUnsigned(value));
        case FLOAT -> builder.floating(field, GoNumbers.parseFloat(value));
      }
      return true;
    } catch (IllegalArgumentException e) { // NumberFormatException is one
      return false;
    }
  }
}
