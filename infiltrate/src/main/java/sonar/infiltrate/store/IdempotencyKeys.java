package sonar.infiltrate.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import sonar.infiltrate.log.Log;

/**
 * The idempotency keys stored within the window, as 64-bit hashes (see {@link IdempotencyKey}), to
 * answer a resent batch without storing it again. Keys are kept per hour of storing, each hour's in a
 * sorted array (8 bytes a key), the current hour with a short unsorted tail for the newest (merged
 * into its sorted keys when long, and when the hour ends); a whole hour is forgotten once
 * it lies entirely outside the window, so a key is kept for at least the window and at most an hour
 * more. Past {@code maxKeys} the oldest hour is forgotten early, with a warning. The ledger file keeps
 * them across checkpoints and restarts; a rewrite drops the groups outside the window. The writer thread
 * owns it; {@link #compact} is pure.
 */
final class IdempotencyKeys implements Ledger {

  static final byte KIND = 1;
  private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();
  /** A tail is merged into its hour's sorted keys past this many, or an eighth of them if more. */
  private static final int MIN_TAIL = 1024;

  /** The keys stored in one hour: sorted, then a tail of the newest in the order they came. */
  private static final class Hour {
    long[] sorted = new long[0];
    long[] tail = new long[MIN_TAIL];
    int tailSize;

    boolean contains(long hash) {
      if (Arrays.binarySearch(sorted, hash) >= 0) {
        return true;
      }
      for (int i = 0; i < tailSize; i++) {
        if (tail[i] == hash) {
          return true;
        }
      }
      return false;
    }

    void add(long hash) {
      if (tailSize == tail.length) {
        tail = Arrays.copyOf(tail, tail.length * 2);
      }
      tail[tailSize++] = hash;
      if (tailSize >= Math.max(MIN_TAIL, sorted.length / 8)) {
        merge();
      }
    }

    void merge() {
      if (tailSize == 0) {
        return;
      }
      Arrays.sort(tail, 0, tailSize);
      long[] merged = new long[sorted.length + tailSize];
      int i = 0;
      int j = 0;
      int k = 0;
      while (i < sorted.length && j < tailSize) {
        merged[k++] = sorted[i] <= tail[j] ? sorted[i++] : tail[j++];
      }
      while (i < sorted.length) {
        merged[k++] = sorted[i++];
      }
      while (j < tailSize) {
        merged[k++] = tail[j++];
      }
      sorted = merged;
      tailSize = 0;
      tail = new long[MIN_TAIL];
    }

    int size() {
      return sorted.length + tailSize;
    }
  }

  private final long windowHours;
  private final long maxKeys;
  private final Log log;
  private final TreeMap<Long, Hour> hours = new TreeMap<>();
  private long size;

  /**
   * @param window how long a key is kept at least, in whole hours (rounded up)
   * @param maxKeys how many are kept at most
   */
  IdempotencyKeys(Duration window, long maxKeys, Log log) {
    this.windowHours = Math.max(1, (window.toMillis() + HOUR_MILLIS - 1) / HOUR_MILLIS);
    this.maxKeys = maxKeys;
    this.log = log;
  }

  @Override
  public byte kind() {
    return KIND;
  }

  @Override
  public String fileName() {
    return "idempotency-keys";
  }

  /** Whether the key was stored within the window. */
  boolean contains(IdempotencyKey key) {
    for (Hour hour : hours.descendingMap().values()) {
      if (hour.contains(key.hash)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The group's batches less those whose key is kept, which go to {@code kept}, and those whose key an
   * earlier batch of the group carries, which become that batch's duplicates.
   */
  List<Pending> firstOfEach(List<Pending> group, Consumer<Pending> kept) {
    List<Pending> first = new ArrayList<>(group.size());
    Map<IdempotencyKey, Pending> firsts = new HashMap<>();
    for (Pending pending : group) {
      IdempotencyKey key = pending.batch.idempotencyKey();
      if (key == null) {
        first.add(pending);
      } else if (contains(key)) {
        kept.accept(pending);
      } else {
        Pending earlier = firsts.putIfAbsent(key, pending);
        if (earlier == null) {
          first.add(pending);
        } else {
          earlier.addDuplicate(pending);
        }
      }
    }
    return first;
  }

  /** Keys kept now. */
  long size() {
    return size;
  }

  @Override
  public void apply(long time, Mark mark) {
    long hour = Math.floorDiv(time, HOUR_MILLIS);
    if (!hours.isEmpty() && hour < hours.lastKey() - windowHours) {
      return; // outside the window even of the newest keys: already forgotten
    }
    Hour keys = hours.get(hour);
    if (keys == null) {
      if (!hours.isEmpty() && hours.lastKey() < hour) {
        hours.lastEntry().getValue().merge(); // it is over: no tail to scan on every lookup
      }
      keys = new Hour();
      hours.put(hour, keys);
    }
    keys.add(ByteBuffer.wrap(mark.value()).getLong());
    size++;
    while (size > maxKeys) {
      Map.Entry<Long, Hour> oldest = hours.pollFirstEntry();
      size -= oldest.getValue().size();
      log.warning("idempotency keys: over the limit of " + maxKeys + " kept, forgetting the "
          + oldest.getValue().size() + " stored in the hour from " + Instant.ofEpochMilli(oldest.getKey() * HOUR_MILLIS)
          + "; a batch resent from then would be stored again");
    }
  }

  /** Forgets the hours that lie entirely outside the window. */
  void expire(long now) {
    long oldestKept = Math.floorDiv(now, HOUR_MILLIS) - windowHours;
    while (!hours.isEmpty() && hours.firstKey() < oldestKept) {
      size -= hours.pollFirstEntry().getValue().size();
    }
  }

  @Override
  public void compact(Source in, Sink out, long now) throws IOException {
    long oldestKept = Math.floorDiv(now, HOUR_MILLIS) - windowHours;
    for (Mark.Group group = in.next(); group != null; group = in.next()) {
      if (Math.floorDiv(group.time(), HOUR_MILLIS) >= oldestKept) {
        out.add(group);
      }
    }
  }
}
