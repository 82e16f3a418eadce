package sonar.infiltrate.ingest;

import java.util.List;
import sonar.infiltrate.store.Batch;

/**
 * A request the HTTP server has accepted, as it came and as it decoded: what an {@link Intake} takes.
 *
 * @param target the request's path and query
 * @param body the body, decompressed (a large envelope's as a stream)
 * @param user who sent it, empty without an auth file
 * @param idempotencyKeys the values of its {@code Idempotency-Key} header, already checked
 * @param batch what the body decoded to, its key with it
 */
public record Accepted(String target, Body body, String user, List<String> idempotencyKeys, Batch batch) {}
