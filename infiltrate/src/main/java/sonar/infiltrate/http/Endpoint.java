package sonar.infiltrate.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import sonar.dashboard.Dashboard;
import sonar.infiltrate.ingest.Envelopes;

/**
 * The paths the server answers, with the methods each allows and, for those that take data, the media
 * type of their bodies.
 */
enum Endpoint {
  READINGS("/sonar-reading", "application/json", HttpMethod.POST),
  HEARTBEATS("/sonar-heartbeat", "application/json", HttpMethod.POST),
  FREE_CSV("/sonar-freecsv", "text/csv", HttpMethod.POST),
  SYSINFO("/sysinfo", "application/json", HttpMethod.POST),
  /** {@code /api/v1/insert/<topic>} and {@code /api/v0/insert/<topic>}: current sonar's envelopes. */
  INSERT("/api/v1/insert/", "application/json", HttpMethod.POST),
  PING("/ping", null, HttpMethod.GET, HttpMethod.HEAD),
  METRICS("/metrics", null, HttpMethod.GET, HttpMethod.HEAD),
  STATUS("/status", null, HttpMethod.GET, HttpMethod.HEAD),
  /** Reads certificates and the auth file again now; only from the server's own host. */
  RELOAD("/reload", null, HttpMethod.POST),
  /** {@code /dashboard} and everything under it: the dashboard's pages and report files. */
  DASHBOARD(Dashboard.PATH, null, HttpMethod.GET, HttpMethod.HEAD);

  private static final Pattern INSERT_PATH = Pattern.compile("/api/v[01]/insert/([a-z]+)");

  private final String path;
  private final String mediaType;
  private final List<HttpMethod> methods;

  Endpoint(String path, String mediaType, HttpMethod... methods) {
    this.path = path;
    this.mediaType = mediaType;
    this.methods = List.of(methods);
  }

  /**
   * A request's endpoint as a metrics label: its path, or for envelopes the path requested (one of eight);
   * "other" for paths the server does not serve.
   */
  static String label(Endpoint endpoint, String uri) {
    return endpoint == null ? "other" : endpoint == INSERT ? pathOf(uri) : endpoint.path;
  }

  /** The endpoint for a request target (query ignored), or null. */
  static Endpoint of(String uri) {
    String path = pathOf(uri);
    for (Endpoint endpoint : values()) {
      if (endpoint != INSERT && endpoint.path.equals(path)) {
        return endpoint;
      }
    }
    if (Dashboard.covers(path)) {
      return DASHBOARD;
    }
    return topic(path) != null ? INSERT : null; // the pattern is tried only when no plain path matched
  }

  /** The topic of a target that {@link #of} found to be {@link #INSERT}: sample, sysinfo, job or cluster. */
  static String topicOf(String uri) {
    String path = pathOf(uri);
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The topic of an insert path, or null for any other path. */
  private static String topic(String path) {
    Matcher insert = INSERT_PATH.matcher(path);
    return insert.matches() && Envelopes.isTopic(insert.group(1)) ? insert.group(1) : null;
  }

  static String pathOf(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  String path() {
    return path;
  }

  boolean allows(HttpMethod method) {
    return methods.contains(method);
  }

  /** The value of an {@code Allow} header. */
  String allowed() {
    return String.join(", ", methods.stream().map(HttpMethod::name).toList());
  }

  /** Whether the endpoint takes data to store, rather than being one of the server's own. */
  boolean takesData() {
    return mediaType != null;
  }

  /** The media type of the body, for the endpoints that take data. */
  String mediaType() {
    return mediaType;
  }

  /** Whether the body is a whole envelope of current sonar, which may be large. */
  boolean takesEnvelopes() {
    return this == INSERT;
  }
}
