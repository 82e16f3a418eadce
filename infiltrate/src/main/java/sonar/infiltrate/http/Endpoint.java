package sonar.infiltrate.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;

/** The paths the server answers, with the methods each allows. */
enum Endpoint {
  READINGS("/sonar-reading", HttpMethod.POST),
  HEARTBEATS("/sonar-heartbeat", HttpMethod.POST),
  PING("/ping", HttpMethod.GET, HttpMethod.HEAD),
  METRICS("/metrics", HttpMethod.GET, HttpMethod.HEAD),
  STATUS("/status", HttpMethod.GET, HttpMethod.HEAD),
  /** Reads certificates and the auth file again now; only from the server's own host. */
  RELOAD("/reload", HttpMethod.POST);

  private final String path;
  private final List<HttpMethod> methods;

  Endpoint(String path, HttpMethod... methods) {
    this.path = path;
    this.methods = List.of(methods);
  }

  /** The path as a metrics label: the endpoint's, or "other" for the paths the server does not serve. */
  static String label(String uri) {
    Endpoint endpoint = of(uri);
    return endpoint == null ? "other" : endpoint.path;
  }

  /** The endpoint for a request target (query ignored), or null. */
  static Endpoint of(String uri) {
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    for (Endpoint endpoint : values()) {
      if (endpoint.path.equals(path)) {
        return endpoint;
      }
    }
    return null;
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

  /** Whether requests carry data to store, and so need credentials and a JSON body. */
  boolean takesData() {
    return this == READINGS || this == HEARTBEATS;
  }
}
