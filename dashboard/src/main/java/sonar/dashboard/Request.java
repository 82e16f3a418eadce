package sonar.dashboard;

/**
 * What the dashboard needs of an HTTP request: the method, the request target as sent (path and
 * query, still percent-encoded), the {@code If-None-Match} header and whether the client takes gzip.
 * Immutable.
 *
 * @param ifNoneMatch the header's value, null when absent
 */
public record Request(String method, String target, String ifNoneMatch, boolean acceptsGzip) {

  public Request {
    if (method == null || target == null) {
      throw new IllegalArgumentException("a request needs a method and a target");
    }
  }

  /** A GET without conditions or compression, for tests and tools. */
  public static Request get(String target) {
    return new Request("GET", target, null, false);
  }
}
