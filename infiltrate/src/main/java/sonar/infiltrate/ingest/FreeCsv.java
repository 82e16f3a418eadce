package sonar.infiltrate.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import sonar.format.CsvRecords;
import sonar.format.Timestamp;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.Layout;

/**
 * The body of {@code /sonar-freecsv}: sonar's own CSV lines (0.8 to 0.14 and later), stored verbatim in
 * the host file the 0.7 path uses, so that no field is lost. Only {@code host=} and {@code time=} are
 * read; each line must be CSV that Go's reader accepts. Blank lines are skipped; the last line needs no
 * newline; each stored line ends in {@code \n}. One bad line refuses the body, naming it. Thread-safe.
 */
public final class FreeCsv {

  /**
   * @param requiredCluster the only cluster the sender may write, or null
   * @throws IllegalArgumentException naming the first bad line and the problem
   * @throws ClusterNotAllowed when the cluster is not the sender's
   */
  public Batch batch(byte[] body, String cluster, String requiredCluster) {
    Clusters.check(cluster, requiredCluster, "query parameter cluster");
    CsvRecords records = new CsvRecords(utf8(body));
    Batch.Builder batch = new Batch.Builder();
    for (CsvRecords.Result record = records.next(); record != null; record = records.next()) {
      String where = "line " + record.line();
      if (!record.ok()) {
        throw new IllegalArgumentException(where + ": " + record.error());
      }
      String host = value(record.fields(), "host=", where);
      String time = value(record.fields(), "time=", where);
      String path;
      try {
        path = Layout.hostFile(cluster, Timestamp.parse(time).localDatePath(), host);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      batch.lineFor(path).append(records.lastRecordText()).append('\n');
    }
    return batch.build();
  }

  /** The last value of a field, as the 0.7 parser takes the last of repeated fields. */
  private static String value(List<String> fields, String prefix, String where) {
    for (int i = fields.size() - 1; i >= 0; i--) {
      if (fields.get(i).startsWith(prefix)) {
        return fields.get(i).substring(prefix.length());
      }
    }
    throw new IllegalArgumentException(where + ": no " + prefix + " field");
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the body is not UTF-8 text", e);
    }
  }
}
