package sonar.dashboard.reports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The reports directory: one subdirectory per cluster, each holding the report files its cluster
 * scripts write ({@code reports/<cluster>/} of an installation). Lists the clusters, describes a
 * cluster's reports, and reads a report, checked to be one JSON value.
 *
 * <p>Only names of the forms in {@link ReportNames} are looked up, and no symbolic link below the
 * directory is followed, so nothing outside it is ever read. The cluster scripts replace a report by
 * renaming a whole new file over it, so a read sees the old file or the new one; a read that finds the
 * file replaced while it read is done again. Does blocking disk work: call it off any event loop.
 * Thread-safe (no state but the directory).
 */
public final class Reports {

  /** Larger report files are refused rather than held in memory; the largest real ones are a few MB. */
  static final int MAX_BYTES = 32 << 20;
  private static final int READ_ATTEMPTS = 3;
  private static final JsonFactory JSON = new JsonFactory();

  private final Path root;

  /** @throws IOException naming the directory when it is not one */
  public Reports(Path directory) throws IOException {
    Path real;
    try {
      real = directory.toRealPath();
    } catch (IOException e) {
      throw new IOException("reports directory " + directory + ": no such directory", e);
    }
    if (!Files.isDirectory(real)) {
      throw new IOException("reports directory " + directory + ": not a directory");
    }
    this.root = real;
  }

  public Path root() {
    return root;
  }

  /**
   * {@code {"clusters":[{"name":..,"prefix":..,"overview":..}]}}: the clusters, sorted, each with the
   * prefix of its reports and the file of its overview (both null when it has none yet).
   */
  public byte[] clusters() throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (ReportNames.isCluster(name) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          names.add(name);
        }
      }
    }
    Collections.sort(names);
    return json(json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("clusters");
      for (String name : names) {
        Listing listing = listing(name);
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("prefix", listing.prefix());
        json.writeStringField("overview", listing.overall(ReportNames.Overall.OVERVIEW));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  /**
   * What a cluster has: the prefix of its reports, its overall reports by kind (null for one not made
   * yet), the hosts with load reports of each period, and its subclusters. See {@link Listing}.
   */
  public byte[] index(String cluster) throws ReportProblem {
    checkCluster(cluster);
    Listing listing;
    try {
      listing = listing(cluster);
    } catch (IOException e) {
      throw new ReportProblem(ReportProblem.Kind.BROKEN, "cannot list the reports of cluster " + cluster + ": " + e);
    }
    return json(json -> {
      json.writeStartObject();
      json.writeStringField("cluster", cluster);
      json.writeStringField("prefix", listing.prefix());
      json.writeObjectFieldStart("reports");
      for (ReportNames.Overall kind : ReportNames.Overall.values()) {
        json.writeStringField(kind.key, listing.overall(kind));
      }
      json.writeEndObject();
      json.writeObjectFieldStart("loads");
      for (Map.Entry<String, List<String>> period : listing.loads().entrySet()) {
        json.writeArrayFieldStart(period.getKey());
        for (String host : period.getValue()) {
          json.writeString(host);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
      json.writeArrayFieldStart("subclusters");
      for (Map.Entry<String, String> subcluster : listing.subclusters().entrySet()) {
        json.writeStartObject();
        json.writeStringField("name", subcluster.getKey());
        json.writeStringField("file", subcluster.getValue());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  /**
   * A report of a cluster. With the entity tag the client holds, answers "unchanged" without reading
   * when the file is the same.
   *
   * @param knownEtag the client's If-None-Match, or null
   */
  public ReportFile read(String cluster, String name, String knownEtag) throws ReportProblem {
    checkCluster(cluster);
    if (!ReportNames.isReport(name)) {
      throw new ReportProblem(ReportProblem.Kind.BAD_NAME, "\"" + name + "\" is not the name of a report");
    }
    Path file = root.resolve(cluster).resolve(name);
    String where = "report " + cluster + "/" + name;
    for (int attempt = 1; ; attempt++) {
      BasicFileAttributes before = attributes(file, where);
      String etag = etag(before);
      if (etag.equals(knownEtag)) {
        return new ReportFile(null, before.lastModifiedTime().toInstant(), etag);
      }
      byte[] bytes = contents(file, before, where);
      BasicFileAttributes after = attributes(file, where);
      if (!etag(after).equals(etag) && attempt < READ_ATTEMPTS) {
        continue; // replaced while we read: read the new one
      }
      String problem = JsonCheck.problem(bytes);
      if (problem != null) {
        throw new ReportProblem(ReportProblem.Kind.BROKEN, where + " is not valid JSON: " + problem);
      }
      return new ReportFile(bytes, before.lastModifiedTime().toInstant(), etag);
    }
  }

  private void checkCluster(String cluster) throws ReportProblem {
    if (!ReportNames.isCluster(cluster)) {
      throw new ReportProblem(ReportProblem.Kind.BAD_NAME, "\"" + cluster + "\" is not the name of a cluster");
    }
    if (!Files.isDirectory(root.resolve(cluster), LinkOption.NOFOLLOW_LINKS)) {
      throw new ReportProblem(ReportProblem.Kind.MISSING, "no cluster " + cluster + " in the reports directory");
    }
  }

  private static BasicFileAttributes attributes(Path file, String where) throws ReportProblem {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new ReportProblem(ReportProblem.Kind.MISSING, "no " + where + " yet");
    } catch (IOException e) {
      throw new ReportProblem(ReportProblem.Kind.BROKEN, "cannot read " + where + ": " + e);
    }
    if (!attributes.isRegularFile()) {
      throw new ReportProblem(ReportProblem.Kind.BROKEN, where + " is not a regular file");
    }
    if (attributes.size() > MAX_BYTES) {
      throw new ReportProblem(ReportProblem.Kind.BROKEN, where + " is too large to serve: "
          + attributes.size() + " bytes, more than " + MAX_BYTES);
    }
    return attributes;
  }

  private static byte[] contents(Path file, BasicFileAttributes attributes, String where) throws ReportProblem {
    try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new ReportProblem(ReportProblem.Kind.BROKEN, where + " is too large to serve: more than "
            + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new ReportProblem(ReportProblem.Kind.MISSING, "no " + where + " yet");
    } catch (IOException e) {
      throw new ReportProblem(ReportProblem.Kind.BROKEN, "cannot read " + where + ": " + e);
    }
  }

  /** Changes whenever the file is replaced (a new inode) or rewritten (time or size). */
  private static String etag(BasicFileAttributes attributes) {
    String identity = attributes.fileKey() + "/" + attributes.lastModifiedTime().toMillis() + "/" + attributes.size();
    return "\"r" + Integer.toHexString(identity.hashCode()) + Long.toHexString(attributes.size()) + "\"";
  }

  private Listing listing(String cluster) throws IOException {
    List<Listing.Entry> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(cluster))) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!ReportNames.isReport(name)) {
          continue;
        }
        try {
          BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
              LinkOption.NOFOLLOW_LINKS);
          if (attributes.isRegularFile()) {
            files.add(new Listing.Entry(name, attributes.lastModifiedTime().toMillis()));
          }
        } catch (NoSuchFileException e) {
          // removed since it was listed: it is not there
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Listing.of(List.of()); // removed since it was listed
    }
    return Listing.of(files);
  }

  private interface Writing {
    void write(JsonGenerator json) throws IOException;
  }

  private static byte[] json(Writing writing) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      writing.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return out.toByteArray();
  }
}
