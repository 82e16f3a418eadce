package sonar.dashboard;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sonar.dashboard.reports.ReportFile;
import sonar.dashboard.reports.ReportProblem;
import sonar.dashboard.reports.Reports;
import sonar.dashboard.site.Asset;
import sonar.dashboard.site.Site;

/**
 * The dashboard, as answers to requests under {@link #PATH}: its pages and their files from memory, and
 * under {@code data/} the report files of a reports directory as JSON. Knows no network: a server hands
 * it a {@link Request} and sends the {@link Answer} back, after checking who may see it. Reading a report
 * blocks on the disk, so call it off any event loop. Thread-safe.
 *
 * <table>
 *   <caption>What it answers</caption>
 *   <tr><td>{@code /dashboard}</td><td>a redirect to {@code /dashboard/}</td></tr>
 *   <tr><td>{@code /dashboard/}, {@code /dashboard/<file>}, {@code /dashboard/lib/<file>}</td><td>the pages,
 *       scripts, styles, and uPlot</td></tr>
 *   <tr><td>{@code /dashboard/data/clusters.json}</td><td>the clusters, each with its report prefix and
 *       overview file</td></tr>
 *   <tr><td>{@code /dashboard/data/<cluster>/}</td><td>what reports the cluster has</td></tr>
 *   <tr><td>{@code /dashboard/data/<cluster>/<report>.json}</td><td>the report file, checked to be JSON</td></tr>
 * </table>
 * Errors under {@code data/} are JSON, {@code {"error": "..."}}, in words for the page to show; others
 * plain text. Every answer may be revalidated with its entity tag (304), and is gzipped when the client
 * takes it and it is worth it.
 */
public final class Dashboard {

  /** Where the dashboard lives on the server. */
  public static final String PATH = "/dashboard";

  /** Smaller answers are not worth compressing. */
  private static final int GZIP_FROM_BYTES = 1024;
  private static final String JSON = "application/json";
  private static final String TEXT = "text/plain; charset=utf-8";
  /** Pages load only from this server, and no other site may frame them. */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
      + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

  private final Site site;
  private final Reports reports;
  private final Clock clock;

  public Dashboard(Site site, Reports reports, Clock clock) {
    this.site = site;
    this.reports = reports;
    this.clock = clock;
  }

  /** Whether a request target is the dashboard's (its query aside). */
  public static boolean covers(String target) {
    String path = Target.path(target);
    return path.equals(PATH) || path.startsWith(PATH + "/");
  }

  public Answer answer(Request request) {
    String path = Target.path(request.target());
    boolean data = path.startsWith(PATH + "/data/");
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      return finish(error(405, data, "the dashboard takes GET and HEAD, not " + request.method())
          .with("Allow", "GET, HEAD"));
    }
    List<String> segments;
    try {
      segments = Target.segments(path);
    } catch (Target.Refused e) {
      return finish(error(400, data, "bad path: " + e.getMessage()));
    }
    return finish(route(segments, request));
  }

  private Answer route(List<String> segments, Request request) {
    if (segments.isEmpty()) {
      return new Answer(308, Map.of("Location", PATH + "/", "Content-Type", TEXT),
          "the dashboard is at /dashboard/\n".getBytes(StandardCharsets.UTF_8));
    }
    if (segments.get(0).equals("data")) {
      return data(segments.subList(1, segments.size()), request);
    }
    String name = String.join("/", segments);
    Asset asset = site.find(name.isEmpty() ? "index.html" : name);
    if (asset == null) {
      return error(404, /* data= */ false, "the dashboard has no page " + PATH + "/" + name);
    }
    if (matches(request.ifNoneMatch(), asset.etag())) {
      return notModified(asset.etag());
    }
    boolean gzip = request.acceptsGzip() && asset.gzipped() != null;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", asset.contentType());
    headers.put("ETag", asset.etag());
    if (gzip) {
      headers.put("Content-Encoding", "gzip");
    }
    if (asset.contentType().startsWith("text/html")) {
      headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.put("X-Frame-Options", "DENY");
    }
    return new Answer(200, headers, gzip ? asset.gzipped() : asset.bytes());
  }

  private Answer data(List<String> segments, Request request) {
    try {
      if (segments.size() == 1 && segments.get(0).equals("clusters.json")) {
        return generated(reports.clusters(), request);
      }
      if (segments.size() == 2 && segments.get(1).isEmpty()) {
        return generated(reports.index(segments.get(0)), request);
      }
      if (segments.size() == 2) {
        ReportFile file = reports.read(segments.get(0), segments.get(1), request.ifNoneMatch());
        if (file.unchanged()) {
          return notModified(file.etag()).with("Last-Modified", httpDate(file.modified()));
        }
        return compressed(request, new Answer(200, Map.of("Content-Type", JSON, "ETag", file.etag(),
            "Last-Modified", httpDate(file.modified())), file.bytes()));
      }
      return error(404, /* data= */ true, "no such data: " + PATH + "/data/" + String.join("/", segments));
    } catch (ReportProblem problem) {
      int status = switch (problem.kind()) {
        case BAD_NAME -> 400;
        case MISSING -> 404;
        case BROKEN -> 500;
      };
      return error(status, /* data= */ true, problem.getMessage());
    } catch (IOException | RuntimeException e) {
      return error(500, /* data= */ true, "cannot read the reports directory " + reports.root() + ": " + e);
    }
  }

  /** A listing made for this request: its tag is its content's. */
  private Answer generated(byte[] json, Request request) {
    String etag = "\"g" + Integer.toHexString(Arrays.hashCode(json)) + Integer.toHexString(json.length) + "\"";
    if (matches(request.ifNoneMatch(), etag)) {
      return notModified(etag);
    }
    return compressed(request, new Answer(200, Map.of("Content-Type", JSON, "ETag", etag), json));
  }

  private static Answer compressed(Request request, Answer answer) {
    if (!request.acceptsGzip() || answer.body().length < GZIP_FROM_BYTES) {
      return answer;
    }
    return answer.withBody(Site.gzip(answer.body())).with("Content-Encoding", "gzip");
  }

  private static Answer notModified(String etag) {
    return new Answer(304, Map.of("ETag", etag), new byte[0]);
  }

  /** Whether If-None-Match names this tag (or any): weak comparison, as RFC 9110 has it for GET. */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String candidate = tag.strip();
      if (candidate.startsWith("W/")) {
        candidate = candidate.substring(2);
      }
      if (candidate.equals("*") || candidate.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static Answer error(int status, boolean data, String message) {
    if (data) {
      String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(message));
      return new Answer(status, Map.of("Content-Type", JSON),
          ("{\"error\":\"" + quoted + "\"}").getBytes(StandardCharsets.UTF_8));
    }
    return new Answer(status, Map.of("Content-Type", TEXT), (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The headers every answer carries. */
  private Answer finish(Answer answer) {
    Map<String, String> headers = new LinkedHashMap<>(answer.headers());
    headers.put("Date", httpDate(clock.instant()));
    headers.put("Cache-Control", "no-cache");
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("Vary", "Accept-Encoding");
    return new Answer(answer.status(), headers, answer.body());
  }

  private static String httpDate(Instant instant) {
    return HTTP_DATE.format(instant.atOffset(ZoneOffset.UTC));
  }
}
