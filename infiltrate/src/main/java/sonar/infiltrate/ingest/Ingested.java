package sonar.infiltrate.ingest;

import sonar.infiltrate.store.Batch;

/**
 * What a request body became: the batch to store, and for the envelope endpoints the JSON to answer with
 * once it is stored and whether the envelope reported a collection failure.
 *
 * @param answer null for an empty 200
 * @param clusterWithErrors the cluster of an envelope holding {@code errors} (sonar failed to collect), or
 *     null
 */
public record Ingested(Batch batch, String answer, String clusterWithErrors) {

  public static Ingested of(Batch batch) {
    return new Ingested(batch, null, null);
  }
}
