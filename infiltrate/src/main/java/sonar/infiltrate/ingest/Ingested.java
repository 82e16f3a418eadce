package sonar.infiltrate.ingest;

import sonar.infiltrate.store.Batch;

/**
 * What a request body became: the batch to store, and for the envelope endpoints the JSON to answer with
 * once it is stored and whether the envelope reported a collection failure.
 *
 * @param answer null for an empty 200
 * @param errorReport the cluster of an envelope holding {@code errors}, or null
 */
public record Ingested(Batch batch, String answer, String errorReport) {

  public static Ingested of(Batch batch) {
    return new Ingested(batch, null, null);
  }
}
