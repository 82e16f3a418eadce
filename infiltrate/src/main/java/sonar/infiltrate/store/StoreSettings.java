package sonar.infiltrate.store;

import java.time.Duration;

/**
 * How the store works; {@link #builder} starts from the defaults.
 *
 * @param maxOpenFiles data files kept open between groups
 * @param segmentBytes a journal segment is retired once it holds this much
 * @param checkpointInterval ... or once it is this old
 * @param maxQueuedBytes batches waiting for the writer, beyond which {@link Store#submit} answers BUSY
 * @param retryDelay how often a failing store tries again by itself
 * @param closeUnusedAfter a data file unused this long is closed, so that past days' files can be moved
 * @param idempotencyWindow a batch whose idempotency key was stored this long ago is not stored again
 * @param maxIdempotencyKeys keys kept at most (8 bytes each in memory); past it the oldest go early
 */
public record StoreSettings(int maxOpenFiles, long segmentBytes, Duration checkpointInterval, long maxQueuedBytes,
    Duration retryDelay, Duration closeUnusedAfter, Duration idempotencyWindow, long maxIdempotencyKeys) {

  public static final StoreSettings DEFAULTS = builder().build();

  public StoreSettings {
    requireAtLeast("maxOpenFiles", maxOpenFiles, 1);
    requireAtLeast("segmentBytes", segmentBytes, 4096);
    requirePositive("checkpointInterval", checkpointInterval);
    requirePositive("maxQueuedBytes", maxQueuedBytes);
    requirePositive("retryDelay", retryDelay);
    requirePositive("closeUnusedAfter", closeUnusedAfter);
    requirePositive("idempotencyWindow", idempotencyWindow);
    requirePositive("maxIdempotencyKeys", maxIdempotencyKeys);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void requireAtLeast(String name, long value, long least) {
    if (value < least) {
      throw new IllegalArgumentException(name + " must be at least " + least + ", not " + value);
    }
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }

  /** Settings from the defaults, changed one at a time. Not thread-safe. */
  public static final class Builder {
    private int maxOpenFiles = 8192;
    private long segmentBytes = 64L << 20;
    private Duration checkpointInterval = Duration.ofSeconds(30);
    private long maxQueuedBytes = 64L << 20;
    private Duration retryDelay = Duration.ofSeconds(1);
    private Duration closeUnusedAfter = Duration.ofMinutes(5);
    private Duration idempotencyWindow = Duration.ofHours(24);
    private long maxIdempotencyKeys = 4_000_000;

    private Builder() {}

    public Builder maxOpenFiles(int files) {
      this.maxOpenFiles = files;
      return this;
    }

    public Builder segmentBytes(long bytes) {
      this.segmentBytes = bytes;
      return this;
    }

    public Builder checkpointInterval(Duration interval) {
      this.checkpointInterval = interval;
      return this;
    }

    public Builder maxQueuedBytes(long bytes) {
      this.maxQueuedBytes = bytes;
      return this;
    }

    public Builder retryDelay(Duration delay) {
      this.retryDelay = delay;
      return this;
    }

    public Builder closeUnusedAfter(Duration idle) {
      this.closeUnusedAfter = idle;
      return this;
    }

    public Builder idempotencyWindow(Duration window) {
      this.idempotencyWindow = window;
      return this;
    }

    public Builder maxIdempotencyKeys(long keys) {
      this.maxIdempotencyKeys = keys;
      return this;
    }

    /** @throws IllegalArgumentException naming the first setting out of range */
    public StoreSettings build() {
      return new StoreSettings(maxOpenFiles, segmentBytes, checkpointInterval, maxQueuedBytes, retryDelay,
          closeUnusedAfter, idempotencyWindow, maxIdempotencyKeys);
    }
  }
}
