package sonar.infiltrate.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetAddress;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.dashboard.DashboardService;

/**
 * Judges a request by its head and the client's address, before any of its body is read: the request
 * target (a served endpoint, a query that is UTF-8), the method, where {@code /reload} comes from,
 * credentials (the senders', or the dashboard readers' for the dashboard), the transfer and content codings, the
 * content type, the declared length. The verdict is
 * either the endpoint with the sender's user and the body's limit, or the refusal to answer. Knows nothing
 * of channels. Thread-safe.
 */
final class Admission {

  /** Largest body of the server's own endpoints (ping, metrics, status, reload), which take none. */
  static final int LOCAL_BODY_LIMIT = 4096;

  /** What the gate does with a request. */
  sealed interface Verdict permits Admitted, Refused {
    /** The endpoint asked for; null when the server has none at that path. */
    Endpoint endpoint();
  }

  /**
   * @param user the user the credentials named; empty when there is no auth file or the endpoint needs none
   * @param bodyLimit the largest body the endpoint takes, after decompression
   */
  record Admitted(Endpoint endpoint, String user, int bodyLimit) implements Verdict {}

  /** @param close whether to close the connection rather than read and drop the body */
  record Refused(Endpoint endpoint, Refusal refusal, boolean close) implements Verdict {}

  private final HttpSettings settings;
  private final Access access;
  private final DashboardService dashboard;

  /** @param dashboard null when the server serves no dashboard */
  Admission(HttpSettings settings, Access access, DashboardService dashboard) {
    this.settings = settings;
    this.access = access;
    this.dashboard = dashboard;
  }

  Verdict judge(HttpRequest head, InetAddress client) {
    if (!head.decoderResult().isSuccess()) {
      return new Refused(null, Refusal.malformedRequest(head.decoderResult().cause().getMessage()), /* close= */ true);
    }
    Endpoint endpoint = Endpoint.of(head.uri());
    String queryProblem = Query.problem(head.uri());
    if (queryProblem != null) {
      return refused(head, endpoint, Refusal.badQuery(queryProblem));
    }
    if (endpoint == null || endpoint == Endpoint.DASHBOARD && dashboard == null) {
      return refused(head, null, Refusal.notFound(head.uri()));
    }
    if (!endpoint.allows(head.method())) {
      return refused(head, endpoint, Refusal.methodNotAllowed(endpoint, head.method().name()));
    }
    if (endpoint == Endpoint.RELOAD && !client.isLoopbackAddress()) {
      return refused(head, endpoint, Refusal.notLocal("reload"));
    }
    String user = "";
    if (endpoint == Endpoint.DASHBOARD) {
      DashboardService.Admission reader = dashboard.admit(head.headers().get(HttpHeaderNames.AUTHORIZATION), client);
      Refusal refusal = readerRefusal(reader);
      if (refusal != null) {
        return refused(head, endpoint, refusal);
      }
      user = ((DashboardService.Admitted) reader).user();
    }
    if (endpoint.takesData()) {
      Access.Decision decision = access.decide(head.headers().get(HttpHeaderNames.AUTHORIZATION), client);
      if (decision instanceof Access.Refused) {
        return refused(head, endpoint, Refusal.unauthorized());
      }
      if (decision instanceof Access.Throttled throttled) {
        long seconds = Math.max(1, throttled.retryAfter().toSeconds());
        return refused(head, endpoint, Refusal.throttled(throttled.reason(), seconds));
      }
      user = ((Access.Allowed) decision).user();
      if (dashboard != null && dashboard.isReader(head.headers().get(HttpHeaderNames.AUTHORIZATION))) {
        return refused(head, endpoint,
            Refusal.wrongCredentials("these are a dashboard reader's credentials, which cannot send data"));
      }
    }
    Refusal coding = codingRefusal(head.headers(), endpoint);
    if (coding != null) {
      return refused(head, endpoint, coding);
    }
    if (HttpUtil.getContentLength(head, -1L) > limit(endpoint)) {
      return refused(head, endpoint, Refusal.tooLarge(limit(endpoint)));
    }
    return new Admitted(endpoint, user, limit(endpoint));
  }

  /** The refusal of the dashboard's readers' verdict; null when the reader is admitted. */
  private static Refusal readerRefusal(DashboardService.Admission reader) {
    if (reader instanceof DashboardService.Refused) {
      return Refusal.unauthorized(Refusal.DASHBOARD_REALM);
    }
    if (reader instanceof DashboardService.Throttled throttled) {
      return Refusal.throttled("too many failed logins from this address", throttled.retryAfterSeconds());
    }
    if (reader instanceof DashboardService.Forbidden forbidden) {
      return Refusal.wrongCredentials(forbidden.reason());
    }
    return null;
  }

  /**
   * The body of a refused request is read and dropped, so that the client hears the answer instead of a
   * reset; one far over any limit is not worth reading, and the connection is closed on it.
   */
  private Refused refused(HttpRequest head, Endpoint endpoint, Refusal refusal) {
    int limit = endpoint == null ? settings.maxBodyBytes() : limit(endpoint);
    return new Refused(endpoint, refusal, HttpUtil.getContentLength(head, -1L) > BodyReader.worthDiscarding(limit));
  }

  private int limit(Endpoint endpoint) {
    if (!endpoint.takesData()) {
      return LOCAL_BODY_LIMIT;
    }
    return endpoint.takesEnvelopes() ? settings.maxEnvelopeBytes() : settings.maxBodyBytes();
  }


  /** The refusal of the request's transfer coding, content coding or content type; null when all are taken. */
  private static Refusal codingRefusal(HttpHeaders headers, Endpoint endpoint) {
    String transfer = headers.get(HttpHeaderNames.TRANSFER_ENCODING);
    if (transfer != null && !transfer.strip().equalsIgnoreCase("chunked")) {
      return Refusal.unsupportedMediaType("unsupported Transfer-Encoding \"" + transfer
          + "\"; use chunked, and Content-Encoding for gzip or deflate");
    }
    if (!endpoint.takesData()) {
      return null;
    }
    String typeProblem = contentTypeProblem(headers.get(HttpHeaderNames.CONTENT_TYPE), endpoint.mediaType());
    if (typeProblem != null) {
      return Refusal.unsupportedMediaType(typeProblem);
    }
    String encoding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
    if (!Inflation.takes(encoding)) {
      return Refusal.unsupportedMediaType("unsupported Content-Encoding \"" + encoding + "\"; use gzip or deflate");
    }
    return null;
  }

  /** Null when the content type is the one wanted, with or without parameters, in UTF-8; else the problem. */
  static String contentTypeProblem(String contentType, String wanted) {
    if (contentType == null) {
      return "missing Content-Type; use " + wanted;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].strip().equalsIgnoreCase(wanted)) {
      return "unsupported Content-Type \"" + contentType + "\"; use " + wanted;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].strip().split("=", 2);
      if (parameter[0].strip().equalsIgnoreCase("charset") && parameter.length == 2
          && !parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
        return "unsupported charset in Content-Type \"" + contentType + "\"; send UTF-8";
      }
    }
    return null;
  }
}
