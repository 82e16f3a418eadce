package sonar.sonalyze.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sonar.sonalyze.config.NodeConfig;

/**
 * Reads groups of files into samples and node descriptions, reusing one buffer for the bytes of each
 * file. A file that cannot be read is reported as an error and skipped; the rest is still read. Not
 * thread-safe: one per worker.
 */
public final class FileReader {

  private final CsvSampleReader csv = new CsvSampleReader();
  private final JsonSampleReader json = new JsonSampleReader();
  private byte[] buffer = new byte[1 << 20];

  /** Reads files in order. */
  public HostData read(List<SourceFile> files, Problems problems) {
    List<Sample> samples = new ArrayList<>();
    List<JsonSampleReader.Described> described = new ArrayList<>();
    for (SourceFile file : files) {
      int length;
      try {
        length = load(file);
      } catch (IOException e) {
        problems.error(file.shownAs() + ": " + describe(e));
        continue;
      }
      Problems.BadLines bad = new Problems.BadLines(file.shownAs());
      if (file.kind() == SourceFile.Kind.CSV) {
        csv.read(buffer, length, samples, bad);
      } else {
        json.read(buffer, length, samples, described, bad);
      }
      bad.reportTo(problems);
    }
    return new HostData(samples, newest(described));
  }

  private int load(SourceFile file) throws IOException {
    try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException("larger than 2 GB");
      }
      if (size > buffer.length) {
        buffer = new byte[(int) Math.max(size, buffer.length * 2L)];
      }
      ByteBuffer target = ByteBuffer.wrap(buffer);
      while (channel.read(target) > 0) {
        if (!target.hasRemaining()) { // grew while we read: read the rest too
          byte[] larger = new byte[buffer.length * 2];
          System.arraycopy(buffer, 0, larger, 0, target.position());
          target = ByteBuffer.wrap(larger).position(target.position());
          buffer = larger;
        }
      }
      return target.position();
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static List<NodeConfig> newest(List<JsonSampleReader.Described> described) {
    Map<String, JsonSampleReader.Described> byHost = new HashMap<>();
    for (JsonSampleReader.Described one : described) {
      JsonSampleReader.Described known = byHost.get(one.config().hostname());
      if (known == null || one.time() >= known.time()) {
        byHost.put(one.config().hostname(), one);
      }
    }
    List<NodeConfig> configs = new ArrayList<>(byHost.size());
    byHost.values().forEach(one -> configs.add(one.config()));
    return configs;
  }
}
