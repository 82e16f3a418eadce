package sonar.infiltrate.store;

import java.nio.charset.StandardCharsets;

/**
 * Where records go under the data directory: {@code <cluster>/<yyyy>/<mm>/<dd>/<host>.csv}, as the
 * reference server lays them out, and which names may appear in such a path. A name is refused when it
 * could leave its directory or hide in it, or cannot be a file name: empty, {@code .} or {@code ..},
 * containing {@code /}, {@code \}, a control character or an unpaired surrogate (which no encoding turns
 * into a file name), or too long for a file name; a cluster may not start with a dot, which keeps the
 * server's own {@code .infiltrate} directory apart. Stateless.
 */
public final class Layout {

  /** The server's own files (journal, lock) live here, beside the clusters. */
  public static final String PRIVATE_DIRECTORY = ".infiltrate";

  /** Linux and most file systems allow 255 bytes in one path component. */
  private static final int MAX_NAME_BYTES = 255;

  private Layout() {}

  /**
   * @param datePath {@code yyyy/mm/dd}
   * @throws IllegalArgumentException naming the bad cluster or host
   */
  public static String hostFile(String cluster, String datePath, String host) {
    return file(cluster, datePath, "host", host, "", ".csv");
  }

  /**
   * A file named {@code <prefix><name><suffix>} in the date directory of a cluster.
   *
   * @param what what the name is, for messages: "host", "node"
   * @throws IllegalArgumentException naming the bad cluster or name
   */
  public static String file(String cluster, String datePath, String what, String name, String prefix,
      String suffix) {
    checkCluster(cluster);
    checkName(what, name, prefix.length() + suffix.length());
    return cluster + '/' + datePath + '/' + prefix + name + suffix;
  }

  /** @throws IllegalArgumentException when cluster cannot name a directory of its own */
  public static void checkCluster(String cluster) {
    checkName("cluster", cluster, 0);
    if (cluster.startsWith(".")) {
      throw new IllegalArgumentException("cluster \"" + cluster + "\" must not start with a dot");
    }
  }

  private static void checkName(String what, String name, int reservedBytes) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(what + " \"" + name + "\" is not a valid name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        throw new IllegalArgumentException(what + " \"" + name + "\" must not contain '" + c + "'");
      }
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            what + " \"" + printable(name) + "\" must not contain control characters");
      }
      if (isUnpairedSurrogate(name, i)) {
        throw new IllegalArgumentException(
            what + " \"" + printable(name) + "\" must not contain unpaired surrogates");
      }
    }
    if (name.getBytes(StandardCharsets.UTF_8).length + reservedBytes > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          what + " \"" + printable(name.substring(0, 32)) + "...\" is longer than a file name may be");
    }
  }

  /** Whether the char at i is half of a surrogate pair whose other half is missing. */
  private static boolean isUnpairedSurrogate(String name, int i) {
    char c = name.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 == name.length() || !Character.isLowSurrogate(name.charAt(i + 1));
    }
    return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(name.charAt(i - 1)));
  }

  /** The name with control characters and unpaired surrogates as {@code \\uXXXX}, as JSON would write them. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean escape = Character.isISOControl(c) || isUnpairedSurrogate(name, i);
      out.append(escape ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }
}
