package sonar.exfiltrate.batch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import sonar.exfiltrate.cli.Output;

/**
 * How sonar's output is cut into requests. JSON as the reference sender posts it: readings in input order
 * in batches of at most ten, then heartbeats likewise. CSV: the lines as read, whole, in batches of at
 * most 64 KiB. A record or line larger than a batch may hold goes alone, so that a server that refuses it
 * refuses it alone; so does a CSV line that is not UTF-8. Stateless.
 */
public final class Batches {

  /** The reference sender's batch size; servers and their limits expect no more. */
  public static final int MAX_RECORDS = 10;
  /**
   * Small beside any server's body limit (ours: 1 MiB; a proxy's often the same), and a few hundred of
   * sonar's lines; ten of sonar's JSON records take about 3 KiB.
   */
  public static final int MAX_BATCH_BYTES = 64 * 1024;
  /**
   * The longest line (CSV) or record (JSON) read: four times our server's default body limit, and well
   * inside the sender's small heap. Longer ones are not sent.
   */
  public static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

  static final String READINGS = "/sonar-reading";
  static final String HEARTBEATS = "/sonar-heartbeat";
  static final String FREE_CSV = "/sonar-freecsv";
  static final String JSON_TYPE = "application/json";
  static final String CSV_TYPE = "text/csv";

  /** Opens the input again from its start, for a second pass over it. */
  public interface Reopen {
    InputStream open() throws IOException;
  }

  private Batches() {}

  /**
   * @param again for JSON from a file: opens it again, so that heartbeats are read in a second pass;
   *     null for a stream read once, whose heartbeats are held until its end (up to a bound)
   * @param drops told of records and fields dropped (JSON)
   * @param tooLong told of lines too long to send (CSV; in JSON such records are dropped)
   */
  public static BatchSource of(Output output, String cluster, InputStream in, Reopen again, Drops drops,
      TooLongLines tooLong) {
    if (output == Output.CSV) {
      return new CsvBatches(in, csvPath(cluster), tooLong);
    }
    return new JsonBatches(in, again, cluster, drops);
  }

  static String csvPath(String cluster) {
    return FREE_CSV + "?cluster=" + URLEncoder.encode(cluster, StandardCharsets.UTF_8);
  }
}
