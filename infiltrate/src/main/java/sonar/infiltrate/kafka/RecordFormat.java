package sonar.infiltrate.kafka;

import sonar.infiltrate.store.IdempotencyKey;

/**
 * What a record of sonar's topics holds. Sonar's own: key the sending node, value one envelope, no
 * headers. A front end's: the request's body as received (decompressed), byte for byte, so that the
 * consumer makes of it exactly what the HTTP path makes; its envelopes go to the envelope topics as
 * sonar's do, keyed by node, and every other request to {@code <cluster>.request}, keyed by host, with
 * its path and query in a header. A request's {@code Idempotency-Key}, with the user who sent it, rides
 * along in headers, so that a resend through another front end is stored once. Stateless.
 */
final class RecordFormat {

  /** The request's path and query, as {@code /sonar-freecsv?cluster=fox}: on request topics. */
  static final String PATH = "sonar-path";
  /** The user whose credentials the request carried (empty without an auth file): with a key. */
  static final String USER = "sonar-user";
  /** The request's key, as it came. */
  static final String IDEMPOTENCY_KEY = IdempotencyKey.HEADER;

  private RecordFormat() {}
}
