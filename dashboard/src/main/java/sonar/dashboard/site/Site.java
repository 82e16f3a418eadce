package sonar.dashboard.site;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's pages, scripts, styles and chart library, read from the class path once, at start, and
 * served from memory: every name the site has is listed here, so nothing else on the class path can be
 * asked for. The pages are one shell, each with its title and script. uPlot comes from its webjar, under {@code lib/}.
 * Thread-safe (immutable after
 * construction).
 */
public final class Site {

  /** The files of the site, under {@code sonar/dashboard/www/} on the class path; page.html is the pages' shell. */
  static final List<String> FILES = List.of("page.html", "dashboard.css", "dashboard.js", "home.js", "cluster.js",
      "node.js", "nodes.js", "jobs.js", "letter.js", "favicon.svg");

  /** A page: the shell with its title, its script, its name for the script, and whether it draws charts. */
  record Page(String file, String title, String script, String kind, boolean charts) {}

  static final List<Page> PAGES = List.of(
      new Page("index.html", "Sonar dashboard", "home.js", "home", false),
      new Page("cluster.html", "Overview — Sonar dashboard", "cluster.js", "overview", false),
      new Page("node.html", "Node — Sonar dashboard", "node.js", "node", true),
      new Page("nodes.html", "Nodes — Sonar dashboard", "nodes.js", "nodes", false),
      new Page("cpuhogs.html", "CPU hogs — Sonar dashboard", "jobs.js", "cpuhogs", false),
      new Page("zombies.html", "Zombies — Sonar dashboard", "jobs.js", "zombies", false),
      new Page("letter.html", "Letter — Sonar dashboard", "letter.js", "letter", false));

  private static final String CHARTS = "  <link rel=\"stylesheet\" href=\"lib/uPlot.min.css\">\n"
      + "  <script src=\"lib/uPlot.iife.min.js\" defer></script>\n";

  private static final String SITE = "sonar/dashboard/www/";
  private static final String LIBRARY = "sonar/dashboard/library.properties";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "txt", "text/plain; charset=utf-8");

  private final Map<String, Asset> assets;

  /** @throws UncheckedIOException when a file of the site is missing from the class path: a broken build */
  public Site() {
    ClassLoader loader = Site.class.getClassLoader();
    Map<String, Asset> loaded = new LinkedHashMap<>();
    for (String name : FILES) {
      if (!name.equals("page.html")) {
        loaded.put(name, asset(name, read(loader, SITE + name)));
      }
    }
    String shell = new String(read(loader, SITE + "page.html"), StandardCharsets.UTF_8);
    for (Page page : PAGES) {
      String html = shell.replace("{{title}}", page.title()).replace("{{script}}", page.script())
          .replace("{{page}}", page.kind()).replace("{{charts}}", page.charts() ? CHARTS : "");
      loaded.put(page.file(), asset(page.file(), html.getBytes(StandardCharsets.UTF_8)));
    }
    String uplot = "META-INF/resources/webjars/uplot/" + libraryVersion(loader) + "/";
    loaded.put("lib/uPlot.iife.min.js", asset("lib/uPlot.iife.min.js", read(loader, uplot + "dist/uPlot.iife.min.js")));
    loaded.put("lib/uPlot.min.css", asset("lib/uPlot.min.css", read(loader, uplot + "dist/uPlot.min.css")));
    loaded.put("lib/uPlot-LICENSE.txt", asset("lib/uPlot-LICENSE.txt", read(loader, uplot + "LICENSE")));
    this.assets = Map.copyOf(loaded);
  }

  /** The file of that name (relative to {@code /dashboard/}), or null. */
  public Asset find(String name) {
    return assets.get(name);
  }

  private static String libraryVersion(ClassLoader loader) {
    Properties properties = new Properties();
    try (InputStream in = loader.getResourceAsStream(LIBRARY)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("missing " + LIBRARY + " on the class path"));
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("uplot.version");
  }

  private static byte[] read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing " + resource + " on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Asset asset(String name, byte[] bytes) {
    String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    byte[] gzipped = gzip(bytes);
    return new Asset(name, type, bytes, gzipped.length < bytes.length ? gzipped : null, "\"" + digest(bytes) + "\"");
  }

  /** Gzip at the default level: the server compresses answers this way too. */
  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }

  private static String digest(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
