package sonar.exfiltrate;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import sonar.exfiltrate.spool.Batch;
import sonar.format.CsvNamedParser;
import sonar.format.Heartbeat;
import sonar.format.Reading;
import sonar.format.WireWriter;

/**
 * Cuts what sonar printed into requests. JSON as the reference sender posts it: readings in input order
 * in batches of at most ten, then heartbeats likewise. CSV: the lines as read, whole, in batches of at
 * most 64 KiB. Stateless.
 */
final class Batches {

  /** The reference sender's batch size; servers and their limits expect no more. */
  static final int MAX_RECORDS = 10;
  /** Small beside any server's body limit (ours: 1 MiB), and a few hundred of sonar's lines. */
  static final int MAX_CSV_BYTES = 64 * 1024;

  static final String READINGS = "/sonar-reading";
  static final String HEARTBEATS = "/sonar-heartbeat";
  static final String FREE_CSV = "/sonar-freecsv";
  static final String JSON_TYPE = "application/json";
  static final String CSV_TYPE = "text/csv";

  /** Batches, with one message per dropped field or record in the reference's words. */
  record Parsed(List<Batch> batches, List<String> problems) {}

  private Batches() {}

  static Parsed json(byte[] input, String cluster) {
    CsvNamedParser.Result result = new CsvNamedParser().parse(new String(input, StandardCharsets.UTF_8), cluster);
    WireWriter writer = new WireWriter();
    List<Batch> batches = new ArrayList<>();
    for (List<Reading> chunk : chunks(result.readings())) {
      batches.add(new Batch(READINGS, JSON_TYPE, chunk.size(), writer.readings(chunk)));
    }
    for (List<Heartbeat> chunk : chunks(result.heartbeats())) {
      batches.add(new Batch(HEARTBEATS, JSON_TYPE, chunk.size(), writer.heartbeats(chunk)));
    }
    return new Parsed(batches, result.problems());
  }

  /**
   * Lines byte for byte, each ending in a newline (one is added to a last line without); empty lines
   * are skipped. A line longer than the limit goes alone in a batch of its own: lines are never cut.
   */
  static List<Batch> csv(byte[] input, String cluster) {
    String path = FREE_CSV + "?cluster=" + URLEncoder.encode(cluster, StandardCharsets.UTF_8);
    List<Batch> batches = new ArrayList<>();
    byte[] body = new byte[MAX_CSV_BYTES];
    int used = 0;
    int lines = 0;
    for (int start = 0; start < input.length; ) {
      int end = start;
      while (end < input.length && input[end] != '\n') {
        end++;
      }
      int length = end - start; // without the newline
      if (length > 0) {
        if (used > 0 && used + length + 1 > MAX_CSV_BYTES) {
          batches.add(new Batch(path, CSV_TYPE, lines, Arrays.copyOf(body, used)));
          used = 0;
          lines = 0;
        }
        if (used + length + 1 > body.length) {
          body = Arrays.copyOf(body, used + length + 1);
        }
        System.arraycopy(input, start, body, used, length);
        body[used + length] = '\n';
        used += length + 1;
        lines++;
      }
      start = end + 1;
    }
    if (used > 0) {
      batches.add(new Batch(path, CSV_TYPE, lines, Arrays.copyOf(body, used)));
    }
    return batches;
  }

  private static <T> List<List<T>> chunks(List<T> records) {
    List<List<T>> chunks = new ArrayList<>();
    for (int start = 0; start < records.size(); start += MAX_RECORDS) {
      chunks.add(records.subList(start, Math.min(start + MAX_RECORDS, records.size())));
    }
    return chunks;
  }
}
