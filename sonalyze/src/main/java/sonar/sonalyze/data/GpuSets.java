package sonar.sonalyze.data;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads {@code gpus=} values: {@code none}, {@code unknown}, or a comma list of unsigned 32-bit card
 * indices; and the empty value the 0.7 path stores for a node without GPUs, as none. Remembers what it
 * read, since a node writes the same few values all day. Not thread-safe: one per reader.
 */
final class GpuSets {

  private final Map<String, GpuSet> known = new HashMap<>();

  /** @return the set, or null when the text is not a GPU list */
  GpuSet parse(byte[] text, int start, int end) {
    if (end == start) {
      return GpuSet.EMPTY;
    }
    String value = new String(text, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    GpuSet set = known.get(value);
    if (set == null && !known.containsKey(value)) {
      set = read(text, start, end);
      if (known.size() < 10_000) {
        known.put(value, set);
      }
    }
    return set;
  }

  private static GpuSet read(byte[] text, int start, int end) {
    if (equals(text, start, end, "none")) {
      return GpuSet.EMPTY;
    }
    if (equals(text, start, end, "unknown")) {
      return GpuSet.UNKNOWN;
    }
    int count = 1;
    for (int i = start; i < end; i++) {
      if (text[i] == ',') {
        count++;
      }
    }
    long[] cards = new long[count];
    int from = start;
    int n = 0;
    for (int i = start; i <= end; i++) {
      if (i == end || text[i] == ',') {
        long card = RustValues.u32(text, from, i);
        if (card == RustValues.BAD_INTEGER) {
          return null;
        }
        cards[n++] = card;
        from = i + 1;
      }
    }
    return GpuSet.of(cards);
  }

  private static boolean equals(byte[] text, int start, int end, String word) {
    if (end - start != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (text[start + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
