package sonar.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sonar.dashboard.reports.Reports;
import sonar.dashboard.site.Site;

class DashboardTest {

  private static final Site SITE = new Site();
  private static final Instant NOW = Instant.parse("2024-01-08T23:00:00Z");

  @TempDir
  Path root;
  Path reports;
  Path cluster;
  Dashboard dashboard;

  @BeforeEach
  void setUp() throws IOException {
    reports = Files.createDirectory(root.resolve("reports"));
    cluster = Files.createDirectory(reports.resolve("mlx.hpc.uio.no"));
    dashboard = new Dashboard(SITE, new Reports(reports), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Answer get(String target) {
    return dashboard.answer(Request.get(target));
  }

  private Path report(String name, String content) throws IOException {
    Path file = Files.writeString(cluster.resolve(name), content);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-08T22:57:00Z")));
    return file;
  }

  @Test
  void servesTheFrontPageWithItsSecurityHeaders() {
    Answer answer = get("/dashboard/");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(answer.text()).contains("<script src=\"home.js\" defer></script>");
    assertThat(answer.header("Content-Security-Policy")).startsWith("default-src 'self';");
    assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(answer.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(answer.header("Date")).isEqualTo("Mon, 08 Jan 2024 23:00:00 GMT");
    assertThat(answer.header("ETag")).startsWith("\"");
  }

  @Test
  void redirectsTheBarePathToTheDirectory() {
    Answer answer = get("/dashboard?x=1");

    assertThat(answer.status()).isEqualTo(308);
    assertThat(answer.header("Location")).isEqualTo("/dashboard/");
  }

  @Test
  void servesUplotFromItsWebjar() {
    Answer script = get("/dashboard/lib/uPlot.iife.min.js");
    Answer style = get("/dashboard/lib/uPlot.min.css");

    assertThat(script.status()).isEqualTo(200);
    assertThat(script.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(script.text()).contains("uPlot");
    assertThat(style.status()).isEqualTo(200);
    assertThat(style.text()).contains(".uplot");
  }

  @Test
  void answersNotModifiedWhenTheClientHasThePage() {
    String etag = get("/dashboard/dashboard.js").header("ETag");

    Answer answer = dashboard.answer(new Request("GET", "/dashboard/dashboard.js", "W/" + etag, false));

    assertThat(answer.status()).isEqualTo(304);
    assertThat(answer.body()).isEmpty();
    assertThat(answer.header("ETag")).isEqualTo(etag);
  }

  @Test
  void gzipsWhenTheClientTakesIt() throws IOException {
    Answer plain = get("/dashboard/dashboard.js");
    Answer gzipped = dashboard.answer(new Request("GET", "/dashboard/dashboard.js", null, true));

    assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(gzipped.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(gzipped.body().length).isLessThan(plain.body().length);
    assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
  }

  @Test
  void unknownPageIsNotFoundInPlainText() {
    Answer answer = get("/dashboard/secret.html");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(answer.text()).isEqualTo("the dashboard has no page /dashboard/secret.html\n");
  }

  @Test
  void takesOnlyGetAndHead() {
    Answer answer = dashboard.answer(new Request("POST", "/dashboard/data/clusters.json", null, false));

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(answer.text()).isEqualTo("{\"error\":\"the dashboard takes GET and HEAD, not POST\"}");
    assertThat(dashboard.answer(new Request("HEAD", "/dashboard/", null, false)).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/dashboard/../status|\".\" and \"..\" are not taken in a path",
      "/dashboard/%2e%2e/status|\".\" and \"..\" are not taken in a path",
      "/dashboard/%2E%2E/%2E%2E/etc/passwd|\".\" and \"..\" are not taken in a path",
      "/dashboard/data/mlx.hpc.uio.no/..|\".\" and \"..\" are not taken in a path",
      "/dashboard/data/..%2f..%2fetc/passwd|a path segment holds a slash, backslash or control character",
      "/dashboard/data/mlx.hpc.uio.no/..%5c..%5cx.json|a path segment holds a slash, backslash or control character",
      "/dashboard/data/mlx.hpc.uio.no/x.json%00|a path segment holds a slash, backslash or control character",
      "/dashboard/data//etc/passwd|empty path segment",
      "/dashboard/data/%zz/|malformed percent-encoding in the path",
      "/dashboard/data/x%2|malformed percent-encoding in the path",
      "/dashboard/data/%ff%fe/|the path is not UTF-8",
  })
  void refusesPathsThatTryToLeaveTheDashboard(String target, String reason) throws IOException {
    Answer answer = get(target);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(message(answer)).isEqualTo("bad path: " + reason);
  }

  @Test
  void refusesNamesThatAreNotReportsOrClusters() throws IOException {
    report(".ml-at-a-glance.json.tmp-123", "[]");

    assertThat(get("/dashboard/data/mlx.hpc.uio.no/.ml-at-a-glance.json.tmp-123").text())
        .isEqualTo("{\"error\":\"\\\".ml-at-a-glance.json.tmp-123\\\" is not the name of a report\"}");
    assertThat(get("/dashboard/data/mlx.hpc.uio.no/notes.txt").status()).isEqualTo(400);
    assertThat(get("/dashboard/data/.hidden/").text())
        .isEqualTo("{\"error\":\"\\\".hidden\\\" is not the name of a cluster\"}");
  }

  @Test
  void servesAReportAsWrittenWithItsTime() throws IOException {
    report("ml-at-a-glance.json", "[{\"hostname\":\"ml1\"}]");

    Answer answer = get("/dashboard/data/mlx.hpc.uio.no/ml-at-a-glance.json");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.text()).isEqualTo("[{\"hostname\":\"ml1\"}]");
    assertThat(answer.header("Last-Modified")).isEqualTo("Mon, 08 Jan 2024 22:57:00 GMT");
    Answer again = dashboard.answer(new Request("GET", "/dashboard/data/mlx.hpc.uio.no/ml-at-a-glance.json",
        answer.header("ETag"), false));
    assertThat(again.status()).isEqualTo(304);
  }

  @Test
  void aReplacedReportHasANewTag() throws IOException {
    report("ml-at-a-glance.json", "[]");
    String before = get("/dashboard/data/mlx.hpc.uio.no/ml-at-a-glance.json").header("ETag");
    Path fresh = Files.writeString(cluster.resolve(".new"), "[{\"hostname\":\"ml2\"}]");
    Files.setLastModifiedTime(fresh, FileTime.from(Instant.parse("2024-01-08T22:57:00Z")));
    Files.move(fresh, cluster.resolve("ml-at-a-glance.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    Answer answer = dashboard.answer(new Request("GET", "/dashboard/data/mlx.hpc.uio.no/ml-at-a-glance.json",
        before, false));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("[{\"hostname\":\"ml2\"}]");
  }

  @Test
  void saysWhichClusterOrReportIsMissing() {
    Answer noCluster = get("/dashboard/data/fox.educloud.no/fox-at-a-glance.json");
    Answer noReport = get("/dashboard/data/mlx.hpc.uio.no/ml-at-a-glance.json");

    assertThat(noCluster.status()).isEqualTo(404);
    assertThat(noCluster.text()).isEqualTo("{\"error\":\"no cluster fox.educloud.no in the reports directory\"}");
    assertThat(noReport.status()).isEqualTo(404);
    assertThat(noReport.text()).isEqualTo("{\"error\":\"no report mlx.hpc.uio.no/ml-at-a-glance.json yet\"}");
  }

  @Test
  void aMalformedReportIsAServerErrorNamingTheFault() throws IOException {
    report("ml-at-a-glance.json", "[{\"hostname\":\"ml1\"},\n{\"hostname\":");
    report("ml-hostnames.json", "");
    report("ml-deadweight-report.json", "[] []");

    Answer cut = get("/dashboard/data/mlx.hpc.uio.no/ml-at-a-glance.json");

    assertThat(cut.status()).isEqualTo(500);
    assertThat(cut.text()).startsWith("{\"error\":\"report mlx.hpc.uio.no/ml-at-a-glance.json is not valid JSON: "
        + "Unexpected end-of-input").endsWith(" at line 2, column 13\"}");
    assertThat(get("/dashboard/data/mlx.hpc.uio.no/ml-hostnames.json").text())
        .isEqualTo("{\"error\":\"report mlx.hpc.uio.no/ml-hostnames.json is not valid JSON: it is empty\"}");
    assertThat(get("/dashboard/data/mlx.hpc.uio.no/ml-deadweight-report.json").text())
        .isEqualTo("{\"error\":\"report mlx.hpc.uio.no/ml-deadweight-report.json is not valid JSON: more than one "
            + "JSON value, the second at line 1, column 4\"}");
  }

  @Test
  void followsNoSymbolicLinkOutOfTheReports() throws IOException {
    Path secret = Files.writeString(root.resolve("secret.json"), "{\"password\":\"x\"}");
    Files.createSymbolicLink(cluster.resolve("ml-at-a-glance.json"), secret);
    Files.createSymbolicLink(reports.resolve("elsewhere"), root);

    Answer file = get("/dashboard/data/mlx.hpc.uio.no/ml-at-a-glance.json");
    Answer directory = get("/dashboard/data/elsewhere/secret.json");

    assertThat(file.status()).isEqualTo(500);
    assertThat(file.text())
        .isEqualTo("{\"error\":\"report mlx.hpc.uio.no/ml-at-a-glance.json is not a regular file\"}");
    assertThat(directory.status()).isEqualTo(404);
    assertThat(directory.text()).doesNotContain("password");
  }

  @Test
  void listsTheClustersWithTheirOverviews() throws IOException {
    report("ml-at-a-glance.json", "[]");
    Files.createDirectory(reports.resolve("fox.educloud.no"));
    Files.createDirectory(reports.resolve(".cache"));

    Answer answer = get("/dashboard/data/clusters.json");

    assertThat(answer.text()).isEqualTo("{\"clusters\":["
        + "{\"name\":\"fox.educloud.no\",\"prefix\":null,\"overview\":null},"
        + "{\"name\":\"mlx.hpc.uio.no\",\"prefix\":\"ml\",\"overview\":\"ml-at-a-glance.json\"}]}");
  }

  @Test
  void describesWhatReportsAClusterHas() throws IOException {
    for (String name : new String[] {"ml-at-a-glance.json", "ml-hostnames.json", "ml-violator-report.json",
        "ml1-minutely.json", "ml1-daily.json", "ml1-weekly.json", "ml2-weekly.json", "ml2-monthly.json",
        "ml-nvidia-weekly.json", "notes.txt"}) {
      report(name, "[]");
    }

    Answer answer = get("/dashboard/data/mlx.hpc.uio.no/");

    assertThat(answer.text()).isEqualTo("{\"cluster\":\"mlx.hpc.uio.no\",\"prefix\":\"ml\","
        + "\"reports\":{\"overview\":\"ml-at-a-glance.json\",\"hostnames\":\"ml-hostnames.json\","
        + "\"cpuhogs\":\"ml-violator-report.json\",\"zombies\":null},"
        + "\"loads\":{\"minutely\":[\"ml1\"],\"daily\":[\"ml1\"],\"weekly\":[\"ml1\",\"ml2\"],\"monthly\":[\"ml2\"],"
        + "\"quarterly\":[]},"
        + "\"subclusters\":[{\"name\":\"nvidia\",\"file\":\"ml-nvidia-weekly.json\"}]}");
  }

  @Test
  void unknownDataIsNotFoundAsJson() {
    Answer answer = get("/dashboard/data/mlx.hpc.uio.no/a/b.json");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.text()).isEqualTo("{\"error\":\"no such data: /dashboard/data/mlx.hpc.uio.no/a/b.json\"}");
  }

  @Test
  void coversOnlyItsOwnPath() {
    assertThat(Dashboard.covers("/dashboard")).isTrue();
    assertThat(Dashboard.covers("/dashboard/data/x/?y")).isTrue();
    assertThat(Dashboard.covers("/dashboard/../status")).isTrue();
    assertThat(Dashboard.covers("/dashboards")).isFalse();
    assertThat(Dashboard.covers("/status")).isFalse();
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  /** The error message of an answer, from its JSON or its text. */
  private static String message(Answer answer) throws IOException {
    if (!answer.header("Content-Type").equals("application/json")) {
      return answer.text().strip();
    }
    try (JsonParser parser = new JsonFactory().createParser(answer.body())) {
      while (parser.nextToken() != null) {
        if ("error".equals(parser.currentName()) && parser.currentToken().isScalarValue()) {
          return parser.getText();
        }
      }
    }
    throw new AssertionError("no error in " + answer.text());
  }
}
