package sonar.infiltrate.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** For tests outside the store: the bytes a batch appends, per file, in order. */
public final class BatchBytes {

  private BatchBytes() {}

  public static Map<String, byte[]> of(Batch batch) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Batch.Part part : batch.parts()) {
      for (Batch.Append append : part.appends()) {
        files.put(append.path(), append.bytes());
      }
    }
    return files;
  }
}
