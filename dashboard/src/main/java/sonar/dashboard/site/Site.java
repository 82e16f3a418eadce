package sonar.dashboard.site;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * asked for. uPlot comes from its webjar, under {@code lib/}. Thread-safe (immutable after
 * construction).
 */
public final class Site {

  /** The pages and what they load, under {@code sonar/dashboard/www/} on the class path. */
  static final List<String> FILES = List.of(
      "index.html", "cluster.html", "node.html", "nodes.html", "cpuhogs.html", "zombies.html", "letter.html",
      "dashboard.css", "dashboard.js", "home.js", "cluster.js", "node.js", "nodes.js", "jobs.js", "letter.js",
      "favicon.svg");

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
      loaded.put(name, asset(name, read(loader, SITE + name)));
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
