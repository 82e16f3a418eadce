package sonar.sonalyze.data;

import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of a field into a String, returning the same String object for the same bytes: a
 * file of a hundred thousand lines names a few dozen users and commands, so this saves both the
 * decoding and the memory. Open addressing over byte slices. Not thread-safe: one per reader.
 */
final class Interner {

  private static final int MAX_LOAD_PERCENT = 50;

  private byte[][] keys = new byte[1024][];
  private String[] values = new String[1024];
  private int[] hashes = new int[1024];
  private int size;

  /**
   * The slot of text[start, end), which must be valid UTF-8, added when new: its {@link #value} is the
   * string, its {@link #key} the bytes, both the same objects for the same bytes for as long as this
   * interner lives. The slot number itself holds only until the next call (the table may grow).
   */
  int slot(byte[] text, int start, int end) {
    int hash = hash(text, start, end);
    int mask = keys.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key == null) {
        String value = decode(text, start, end);
        return insert(slot, hash, java.util.Arrays.copyOfRange(text, start, end), value);
      }
      if (hashes[slot] == hash && same(key, text, start, end)) {
        return slot;
      }
    }
  }

  /** The bytes of the string in slot, which its holder must not change. */
  byte[] key(int slot) {
    return keys[slot];
  }

  String value(int slot) {
    return values[slot];
  }

  /**
   * Whether key holds the bytes text[start, end). A plain loop: for names of a few dozen bytes it costs
   * less under C1 (the launcher's only compiler) than {@code Arrays.equals} with its range checks and
   * calls.
   */
  static boolean same(byte[] key, byte[] text, int start, int end) {
    if (key.length != end - start) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (key[i] != text[start + i]) {
        return false;
      }
    }
    return true;
  }

  /** Inserts and returns the slot the entry ends up in, which growing may change. */
  private int insert(int slot, int hash, byte[] key, String value) {
    keys[slot] = key;
    values[slot] = value;
    hashes[slot] = hash;
    if (++size * 100 <= keys.length * MAX_LOAD_PERCENT) {
      return slot;
    }
    grow();
    int mask = keys.length - 1;
    int moved = hash & mask;
    while (keys[moved] != key) {
      moved = (moved + 1) & mask;
    }
    return moved;
  }

  private void grow() {
    byte[][] oldKeys = keys;
    String[] oldValues = values;
    int[] oldHashes = hashes;
    keys = new byte[oldKeys.length * 2][];
    values = new String[keys.length];
    hashes = new int[keys.length];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        int slot = oldHashes[i] & mask;
        while (keys[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
        hashes[slot] = oldHashes[i];
      }
    }
  }

  private static int hash(byte[] text, int start, int end) {
    int hash = end - start;
    for (int i = start; i < end; i++) {
      hash = hash * 31 + text[i];
    }
    return hash ^ (hash >>> 16);
  }

  private static String decode(byte[] text, int start, int end) {
    for (int i = start; i < end; i++) {
      if (text[i] < 0) {
        return new String(text, start, end - start, StandardCharsets.UTF_8);
      }
    }
    return new String(text, start, end - start, StandardCharsets.ISO_8859_1);
  }
}
