package sonar.infiltrate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.logging.LogEntry;
import sonar.naicreport.json.JsonTree;

/**
 * Every page of the dashboard in headless Chromium, against infiltrate serving the reports the real
 * naicreport made from generated data: the pages render, the charts draw (the canvas has the series'
 * pixels, down periods shaded where the host was down), the numbers shown are the reports', a broken or
 * missing report is said in words, and nothing is loaded from another host. Screenshots of each page, on a
 * desktop and on a phone, go to target/dashboard-screenshots/; the time the overview of 1,000 hosts takes
 * to render goes to target/dashboard-render.txt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

  private static final Path SHOTS = Path.of("target", "dashboard-screenshots");
  private static final String ML = ReportFixture.CLUSTER;
  private static final int BIG_HOSTS = 1000;

  private Path reports;
  private Browser browser;
  private ServedDashboard served;
  private String base;

  @BeforeAll
  void start(@TempDir Path work) throws IOException {
    Path root = Files.createDirectories(work.resolve("reports"));
    browser = Browser.startOrSkip(Files.createDirectories(work.resolve("profile")));
    reports = ReportFixture.make(work, root);
    ReportFixture.bigOverview(root, "big.example.org", BIG_HOSTS);
    Files.createDirectories(root.resolve("empty.example.org"));
    Path broken = Files.createDirectories(root.resolve("broken.example.org"));
    ReportFixture.write(broken.resolve("broken-at-a-glance.json"), "[{\"hostname\":\"b1\",\"cpu_recent\":");
    served = ServedDashboard.start(work, root, /* senderCredentials= */ true, null);
    base = served.base();
    browser.authorize(ServedDashboard.READER, ServedDashboard.READER_PASSWORD);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (served != null) {
      served.close();
    }
  }

  @AfterEach
  void desktopAgain() {
    browser.desktop();
  }

  private String open(String page) {
    return browser.open(base + page);
  }

  private List<Map<String, Object>> report(String name) throws IOException {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) JsonTree.parse(Files.readString(reports.resolve(
        name)));
    return rows;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> loadReport(String name) throws IOException {
    return (Map<String, Object>) JsonTree.parse(Files.readString(reports.resolve(name)));
  }

  /** The cells of a table's body, row by row. */
  @SuppressWarnings("unchecked")
  private List<List<String>> cells(String table) {
    return (List<List<String>>) browser.js("return [...document.querySelectorAll(arguments[0] + ' tbody tr')]"
        + ".map(tr => [...tr.cells].map(td => td.innerText.trim()))", table);
  }

  /** The page drew itself without errors in the console, and took nothing from another host. */
  private void cleanly() {
    List<LogEntry> errors = browser.console().stream().filter(entry -> entry.getLevel()
        .intValue() >= Level.SEVERE.intValue())
        .toList();
    assertThat(errors).as("console errors").isEmpty();
    assertThat((List<?>) browser.js("return performance.getEntriesByType('resource').map(e => e.name)"
        + ".filter(name => !name.startsWith(location.origin))")).as("resources from another host").isEmpty();
  }

  private static String number(Object value) {
    return value == null ? "" : ((BigDecimal) value).toPlainString();
  }

  @Test
  void theFrontPageShowsEveryClusterAtAGlance() throws IOException {
    assertThat(open("")).isEqualTo("ready");

    List<Map<String, Object>> overview = report("ml-at-a-glance.json");
    long down = overview.stream().filter(row -> !number(row.get("gpu_status")).equals("0")).count();
    assertThat(browser.text("[data-cluster='" + ML + "'] .tiles")).contains(overview.size() + "\nhosts")
        .contains(down + "\ndown");
    assertThat(browser.text("[data-cluster='big.example.org'] .tiles")).contains(BIG_HOSTS + "\nhosts")
        .contains("100\ndown");
    assertThat(browser.text("[data-cluster='empty.example.org']"))
        .contains("Cluster empty.example.org has no overview yet: webload-5m.sh makes it every five minutes.");
    assertThat(browser.text("[data-cluster='broken.example.org']"))
        .contains("report broken.example.org/broken-at-a-glance.json is not valid JSON");
    shoot("front-desktop.png");
  }

  @Test
  void theOverviewShowsTheNumbersOfTheReport() throws IOException {
    assertThat(open("cluster.html?cluster=" + ML)).isEqualTo("ready");
    cleanly();

    List<Map<String, Object>> overview = report("ml-at-a-glance.json");
    List<List<String>> rows = cells("#hosts");
    assertThat(rows).hasSize(overview.size());
    for (Map<String, Object> host : overview) {
      List<String> row = rows.stream().filter(cells -> cells.get(0).equals(host.get("hostname"))).findFirst()
          .orElseThrow();
      boolean down = !number(host.get("gpu_status")).equals("0");
      assertThat(row).as((String) host.get("hostname")).containsExactly(
          (String) host.get("hostname"), down ? "down" : "up",
          number(host.get("users_recent")), number(host.get("users_longer")),
          number(host.get("jobs_recent")), number(host.get("jobs_longer")),
          number(host.get("cpu_recent")), number(host.get("cpu_longer")),
          number(host.get("mem_recent")), number(host.get("mem_longer")),
          number(host.get("gpu_recent")), number(host.get("gpu_longer")),
          number(host.get("gpumem_recent")), number(host.get("gpumem_longer")),
          number(host.get("violators_long")), number(host.get("zombies_long")));
    }
    // The host that went quiet on the last evening is down now, and listed first.
    assertThat(rows.get(0)).startsWith(ReportFixture.QUIET_HOST, "down");
    assertThat(browser.text(".subclusters")).isEqualTo("Subclusters: nvidia");
    shoot("overview-desktop.png");

    browser.phone();
    assertThat(open("cluster.html?cluster=" + ML)).isEqualTo("ready");
    assertThat(browser.js("return document.documentElement.scrollWidth")).isEqualTo(390L);
    shoot("overview-phone.png");
  }

  @Test
  void theOverviewSortsAndFiltersItsTable() {
    assertThat(open("cluster.html?cluster=" + ML)).isEqualTo("ready");

    browser.js("document.querySelector('#hosts th[data-key=hostname]').click()");
    List<String> names = cells("#hosts").stream().map(row -> row.get(0)).toList();
    List<String> sorted = new ArrayList<>(names);
    Collections.sort(sorted);
    assertThat(names).isEqualTo(sorted);
    browser.js("const box = document.getElementById('filter'); box.value = 'node001';"
        + "box.dispatchEvent(new Event('input'))");
    assertThat(cells("#hosts")).extracting(row -> row.get(0)).containsExactly("node001.ml.example.org");
    assertThat(browser.text("#count")).isEqualTo("1 of 5 hosts");
    assertThat((String) browser.js("return location.search")).contains("filter=node001").contains("sort=hostname");
  }

  @Test
  void aNodePageDrawsItsLoadWithTheDownPeriodShaded() throws IOException {
    assertThat(open("node.html?cluster=" + ML + "&host=" + ReportFixture.GAP_HOST
        + "&period=weekly")).isEqualTo("ready");
    cleanly();

    Map<String, Object> weekly = loadReport(ReportFixture.GAP_HOST + "-weekly.json");
    List<?> labels = (List<?>) weekly.get("labels");
    assertThat(browser.js("return window.dashboardCharts[0].series.map(s => s.label)"))
        .isEqualTo(List.of("UTC", "CPU %", "RAM %", "GPU %", "VRAM %"));
    assertThat(browser.js("return window.dashboardCharts[0].data[0].length")).isEqualTo((long) labels.size());
    assertThat(browser.js("return window.dashboardCharts[0].data[1].slice(0, 24)"))
        .isEqualTo(((List<?>) weekly.get("rcpu")).subList(0, 24).stream().map(v -> ((BigDecimal) v).longValue())
        .toList());
    assertThat(pixels(37, 99, 235)).as("pixels of the CPU line").isGreaterThan(200);
    // The host sent nothing from 09:00 to 15:00 UTC on January 6: those hours are shaded, from the hour of its
    // last sample before (08:55) to the end of the hour of its first after, and no others.
    List<Long> shaded = shadedColumns();
    assertThat(shaded).isNotEmpty();
    long from = xPosition("2024-01-06 08:00");
    long to = xPosition("2024-01-06 16:00");
    assertThat(shaded).allSatisfy(x -> assertThat(x).isBetween(from - 2, to + 2));
    assertThat(Collections.max(shaded) - Collections.min(shaded)).isGreaterThan((to - from) / 2);
    assertThat(browser.text(".chart-note")).contains("Shaded: host down");
    assertThat(browser.text(".description")).isEqualTo("2x32 AMD EPYC, 256GB, 4x NVIDIA A100 @ 40GB");
    shoot("node-weekly-desktop.png");

    browser.phone();
    assertThat(open("node.html?cluster=" + ML + "&host=" + ReportFixture.GAP_HOST
        + "&period=weekly")).isEqualTo("ready");
    assertThat(browser.js("return document.documentElement.scrollWidth")).isEqualTo(390L);
    assertThat(pixels(37, 99, 235)).isGreaterThan(100);
    shoot("node-weekly-phone.png");
  }

  @Test
  void everyPeriodOfAHostHasItsChart() throws IOException {
    for (String period : List.of("minutely", "daily", "weekly", "monthly", "quarterly")) {
      assertThat(open("node.html?cluster=" + ML + "&host=node003.ml.example.org&period=" + period)).isEqualTo("ready");
      Map<String, Object> load = loadReport("node003.ml.example.org-" + period + ".json");
      assertThat(browser.js("return window.dashboardCharts[0].data[0].length")).as(period)
          .isEqualTo((long) ((List<?>) load.get("labels")).size());
      assertThat(pixels(37, 99, 235)).as(period).isGreaterThan(20);
      assertThat(browser.text(".tabs a.active")).isEqualTo(Map.of("minutely", "Day, per sample", "daily", "Day",
          "weekly", "Week", "monthly", "Month", "quarterly", "Quarter").get(period));
    }
    // The host that went quiet after 16:55 UTC is shaded from that hour on.
    assertThat(open("node.html?cluster=" + ML + "&host=" + ReportFixture.QUIET_HOST
        + "&period=daily")).isEqualTo("ready");
    assertThat(shadedColumns()).isNotEmpty()
        .allSatisfy(x -> assertThat(x).isGreaterThanOrEqualTo(xPosition("2024-01-08 16:00") - 2));
    shoot("node-quiet-daily-desktop.png");
  }

  @Test
  void aSubclusterHasItsWeek() throws IOException {
    assertThat(open("node.html?cluster=" + ML + "&subcluster=nvidia")).isEqualTo("ready");
    cleanly();

    assertThat(browser.text("h1")).isEqualTo("nvidia node[0-2].ml.example.org");
    assertThat(browser.text(".description")).isEqualTo("3× 2x32 AMD EPYC, 256GB, 4x NVIDIA A100 @ 40GB");
    assertThat(pixels(37, 99, 235)).isGreaterThan(100);
    assertThat(browser.text(".tabs")).isEqualTo("Week");
  }

  @Test
  void theNodeListLinksEveryPeriodOfEveryHost() throws IOException {
    assertThat(open("nodes.html?cluster=" + ML)).isEqualTo("ready");
    cleanly();

    List<List<String>> rows = cells("#nodes");
    assertThat(rows).extracting(row -> row.get(0)).containsExactly("node000.ml.example.org", "node001.ml.example.org",
        "node002.ml.example.org", "node003.ml.example.org", "node004.ml.example.org");
    assertThat(rows).allSatisfy(row -> assertThat(row.get(3))
        .isEqualTo("minutely · daily · weekly · monthly · quarterly"));
    assertThat(rows.get(4).get(1)).isEqualTo("down");
    shoot("nodes-desktop.png");
  }

  @Test
  void theCpuHogsAreListedByUserAndByJob() throws IOException {
    assertThat(open("cpuhogs.html?cluster=" + ML)).isEqualTo("ready");
    cleanly();

    List<Map<String, Object>> hogs = report("ml-violator-report.json");
    assertThat(hogs).isNotEmpty();
    List<List<String>> jobs = cells("#jobs");
    assertThat(jobs).hasSize(hogs.size());
    Map<String, Object> first = hogs.get(0);
    List<String> row = jobs.stream().filter(cells -> cells.get(2).equals(number(first.get("id")))
        && cells.get(0).equals(first.get("hostname"))).findFirst().orElseThrow();
    assertThat(row).containsExactly((String) first.get("hostname"), (String) first.get("user"), number(first.get("id")),
        (String) first.get("cmd"), (String) first.get("started-on-or-before"), (String) first.get("first-violation"),
        (String) first.get("last-seen"), number(first.get("cpu-peak")), number(first.get("rcpu-avg")),
        number(first.get("rcpu-peak")), number(first.get("rmem-avg")), number(first.get("rmem-peak")));
    Set<Object> users = new LinkedHashSet<>();
    hogs.forEach(hog -> users.add(hog.get("user")));
    assertThat(cells("#users")).hasSize(users.size());
    long jobsOfFirst = hogs.stream().filter(hog -> hog.get("user").equals(first.get("user"))).count();
    assertThat(cells("#users").stream().filter(cells -> cells.get(0).equals(first.get("user"))).findFirst()
        .orElseThrow()
        .get(1)).isEqualTo(String.valueOf(jobsOfFirst));
    shoot("cpuhogs-desktop.png");

    assertThat(open("letter.html?cluster=" + ML + "&user=" + first.get("user"))).isEqualTo("ready");
    String letter = browser.text("#letter");
    assertThat(letter).startsWith("Dear " + first.get("user") + ",")
        .contains("Job " + number(first.get("id")) + " on " + first.get("hostname") + ", command " + first.get("cmd"));
    assertThat(letter.split("\n  Job ", -1)).hasSize((int) jobsOfFirst + 1);
    shoot("letter-desktop.png");
  }

  @Test
  void theZombiesAreListed() throws IOException {
    assertThat(open("zombies.html?cluster=" + ML)).isEqualTo("ready");
    cleanly();

    List<Map<String, Object>> zombies = report("ml-deadweight-report.json");
    if (zombies.isEmpty()) {
      assertThat(browser.text(".empty")).isEqualTo("None: nothing to do.");
    } else {
      assertThat(cells("#jobs")).hasSize(zombies.size());
      assertThat(cells("#jobs")).extracting(row -> row.get(3)).containsOnly("<defunct>");
    }
    shoot("zombies-desktop.png");
  }

  @Test
  void aMissingOrBrokenReportIsSaidInWords() throws IOException {
    assertThat(open("cluster.html?cluster=empty.example.org")).isEqualTo("error");
    assertThat(browser.text("#main"))
        .isEqualTo("Cannot show this page\n\nCluster empty.example.org has no overview yet: "
        + "webload-5m.sh makes it every five minutes.");
    shoot("problem-no-reports.png");

    assertThat(open("cluster.html?cluster=broken.example.org")).isEqualTo("error");
    assertThat(browser.text(".problem p")).startsWith("Cannot show the overview of cluster broken.example.org "
        + "(broken-at-a-glance.json): report broken.example.org/broken-at-a-glance.json is not valid JSON: ");

    assertThat(open("cluster.html?cluster=nowhere")).isEqualTo("error");
    assertThat(browser.text(".problem p")).isEqualTo("Cannot show the reports of cluster nowhere: "
        + "no cluster nowhere in the reports directory.");

    assertThat(open("node.html?cluster=" + ML + "&host=node999")).isEqualTo("error");
    assertThat(browser.text(".problem p")).isEqualTo("Cluster ml.example.org has no load reports of host node999: "
        + "webload-5m.sh, webload-1h.sh and webload-24h.sh make them for every host that sent data.");

    assertThat(open("cpuhogs.html")).isEqualTo("error");
    assertThat(browser.text(".problem p")).isEqualTo("This page needs ?cluster=... in its address.");
    assertThat(browser.js("return document.querySelectorAll('#main > *').length")).isEqualTo(1L);
  }

  @Test
  void theOverviewOfAThousandHostsRendersQuickly() throws IOException {
    List<Long> times = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      assertThat(open("cluster.html?cluster=big.example.org")).isEqualTo("ready");
      assertThat(cells("#hosts")).hasSize(BIG_HOSTS);
      times.add(((Number) browser.js("return performance.getEntriesByName('dashboard-rendered')[0].startTime"))
          .longValue());
    }
    cleanly();
    shoot("overview-1000-desktop.png");
    List<Long> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    String figure = String.format(Locale.ROOT, "overview of %d hosts, from navigation to rendered table: %s ms "
        + "(median %d ms)%n", BIG_HOSTS, times, sorted.get(1));
    Files.writeString(Path.of("target", "dashboard-render.txt"), figure);
    System.out.print(figure);
  }

  /** A screenshot of the whole page; the page is still as it was (resizing it for the shot broke nothing). */
  private void shoot(String name) throws IOException {
    Object before = browser.js("return document.body.dataset.state");
    browser.screenshot(SHOTS.resolve(name));
    assertThat(browser.js("return document.body.dataset.state")).as(name).isEqualTo(before);
  }

  /** How many pixels of the chart's canvas have this colour (opaque, as a line is drawn). */
  private long pixels(int red, int green, int blue) {
    return (Long) browser.js("const c = document.querySelector('#chart canvas');"
        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
        + "for (let i = 0; i < d.length; i += 4) {"
        + "  if (Math.abs(d[i] - arguments[0]) < 8 && Math.abs(d[i + 1] - arguments[1]) < 8"
        + "    && Math.abs(d[i + 2] - arguments[2]) < 8 && d[i + 3] > 200) n++; }"
        + "return n;", red, green, blue);
  }

  /** The canvas columns (in CSS pixels from the canvas's left) where the host-down shade is drawn. */
  @SuppressWarnings("unchecked")
  private List<Long> shadedColumns() {
    return (List<Long>) browser.js("const u = window.dashboardCharts[0]; const c = u.ctx.canvas;"
        + "const d = u.ctx.getImageData(0, 0, c.width, c.height).data; const row = Math.round(u.bbox.top + 4);"
        + "const found = [];"
        + "for (let x = 0; x < c.width; x++) { const i = (row * c.width + x) * 4;"
        + "  if (Math.abs(d[i] - 220) < 10 && Math.abs(d[i + 1] - 38) < 10 && Math.abs(d[i + 2] - 38) < 10"
        + "    && d[i + 3] > 20 && d[i + 3] < 90) found.push(Math.round(x / devicePixelRatio)); }"
        + "return found;");
  }

  /** Where on the canvas (in CSS pixels) a UTC time of the reports lies. */
  private long xPosition(String utc) {
    return ((Number) browser.js("const u = window.dashboardCharts[0];"
        + "const m = /^(\\d{4})-(\\d\\d)-(\\d\\d) (\\d\\d):(\\d\\d)$/.exec(arguments[0]);"
        + "const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]) / 1000;"
        + "return Math.round(u.valToPos(t, 'x', true) / devicePixelRatio);", utc)).longValue();
  }
}
