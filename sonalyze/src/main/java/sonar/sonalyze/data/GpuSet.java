package sonar.sonalyze.data;

import java.util.Arrays;

/**
 * The GPUs a record says its process used: known to be none, a known set of card indices, or unknown
 * ({@code gpus=unknown}: cards were used but sonar could not tell which). Unknown absorbs everything in
 * a union; the empty set is the identity. Immutable.
 */
public final class GpuSet {

  public static final GpuSet EMPTY = new GpuSet(0, new int[0], false);
  public static final GpuSet UNKNOWN = new GpuSet(0, new int[0], true);

  /** Cards 0 to 63, one bit each: every card of every node seen so far. */
  private final long low;
  /** Cards 64 and up, ascending, for the rare node that has them. */
  private final int[] high;
  private final boolean unknown;

  private GpuSet(long low, int[] high, boolean unknown) {
    this.low = low;
    this.high = high;
    this.unknown = unknown;
  }

  /** The set of the given card indices (duplicates collapse), each 0 to 2^32-1. */
  public static GpuSet of(long... cards) {
    long low = 0;
    long[] rest = new long[cards.length];
    int restCount = 0;
    for (long card : cards) {
      if (card < 64) {
        low |= 1L << card;
      } else {
        rest[restCount++] = card;
      }
    }
    if (restCount == 0) {
      return low == 0 ? EMPTY : new GpuSet(low, EMPTY.high, false);
    }
    long[] sorted = Arrays.copyOf(rest, restCount);
    Arrays.sort(sorted);
    int[] high = new int[restCount];
    int count = 0;
    for (long card : sorted) {
      if (count == 0 || high[count - 1] != (int) card) {
        high[count++] = (int) card;
      }
    }
    return new GpuSet(low, Arrays.copyOf(high, count), false);
  }

  public boolean isEmpty() {
    return !unknown && low == 0 && high.length == 0;
  }

  public boolean isUnknown() {
    return unknown;
  }

  public GpuSet union(GpuSet other) {
    if (unknown || other.isEmpty()) {
      return this;
    }
    if (other.unknown || isEmpty()) {
      return other;
    }
    if (high.length == 0 && other.high.length == 0) {
      long union = low | other.low;
      return union == low ? this : union == other.low ? other : new GpuSet(union, high, false);
    }
    int[] merged = new int[high.length + other.high.length];
    System.arraycopy(high, 0, merged, 0, high.length);
    System.arraycopy(other.high, 0, merged, high.length, other.high.length);
    Arrays.sort(merged);
    int count = 0;
    for (int card : merged) {
      if (count == 0 || merged[count - 1] != card) {
        merged[count++] = card;
      }
    }
    return new GpuSet(low | other.low, Arrays.copyOf(merged, count), false);
  }

  /** {@code none}, {@code unknown}, or the cards ascending, comma-joined: {@code 0,2}. */
  @Override
  public String toString() {
    if (unknown) {
      return "unknown";
    }
    if (isEmpty()) {
      return "none";
    }
    StringBuilder out = new StringBuilder();
    for (long bits = low; bits != 0; bits &= bits - 1) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(Long.numberOfTrailingZeros(bits));
    }
    for (int card : high) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(Integer.toUnsignedString(card));
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GpuSet set && set.low == low && set.unknown == unknown && Arrays.equals(set.high, high);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(low) * 31 + Arrays.hashCode(high) + (unknown ? 1 : 0);
  }
}
