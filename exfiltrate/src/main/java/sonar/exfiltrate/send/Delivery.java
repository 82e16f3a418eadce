package sonar.exfiltrate.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import sonar.exfiltrate.batch.Batch;

/**
 * Posts a batch until the {@link RetryRules} say what became of it: retries transient failures with
 * {@link Backoff}, and gives up when the server has failed too often in a row or the run's time is up.
 * No attempt starts or waits to start past the deadline; one that has sent its request may take up to
 * {@link #READ_TIMEOUT} past it for the answer. Not thread-safe.
 */
public final class Delivery {

  /** A server on the site's network accepts a connection in milliseconds; this rides out lost SYNs. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Our server answers once a batch is on disk: milliseconds, seconds on a disk under load. Not cut
   * short by the run's deadline: a request that is out may be stored already, and abandoning it would
   * make the next run send it again.
   */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  /**
   * Failures in a row, about 15 s of backoff, after which the server is taken to be down rather than
   * busy: the rest waits in the spool for the next run instead of the node waiting here.
   */
  static final int ATTEMPTS_BEFORE_GIVING_UP = 5;

  /** What became of a batch. */
  public enum Verdict {
    /** The server has it: delete it. */
    DELIVERED,
    /** The server will never take this batch: set it aside, go on with the next. */
    REFUSED,
    /** The server refuses this sender: set the batch aside and stop, the others would fare the same. */
    REFUSED_SENDER,
    /** The server is down or busy, or time is up: keep the batch, stop quietly; the next run tries again. */
    UNAVAILABLE,
    /** The server cannot be used as configured (certificate, unexpected answer): keep it, stop, say so. */
    STOPPED
  }

  /** A verdict with the last answer, which says why. */
  public record Outcome(Verdict verdict, Answer answer) {}

  private final Sender sender;
  private final Backoff backoff;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  public Delivery(Sender sender, Backoff backoff, Clock clock, Sleeper sleeper, RandomGenerator random) {
    this.sender = sender;
    this.backoff = backoff;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /**
   * @param idempotencyKey the batch's key, the same in every attempt
   * @param deadline no attempt starts after it, and no backoff waits past it
   * @throws InterruptedException when interrupted while waiting to retry; the batch is not delivered
   */
  public Outcome deliver(Batch batch, String idempotencyKey, Instant deadline) throws InterruptedException {
    Answer answer = Answer.failed(Answer.Failure.CONNECTION, "no time left to send");
    for (int failures = 0; ; ) {
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        return new Outcome(Verdict.UNAVAILABLE, answer);
      }
      answer = sender.post(batch, idempotencyKey, min(CONNECT_TIMEOUT, left), READ_TIMEOUT);
      if (RetryRules.isDelivered(answer)) {
        return new Outcome(Verdict.DELIVERED, answer);
      }
      if (RetryRules.isRefusalOfBatch(answer)) {
        return new Outcome(Verdict.REFUSED, answer);
      }
      if (RetryRules.isRefusalOfSender(answer)) {
        return new Outcome(Verdict.REFUSED_SENDER, answer);
      }
      if (!RetryRules.isTransient(answer)) {
        return new Outcome(Verdict.STOPPED, answer);
      }
      failures++;
      if (failures >= ATTEMPTS_BEFORE_GIVING_UP) {
        return new Outcome(Verdict.UNAVAILABLE, answer);
      }
      Duration wait = backoff.delay(failures, random);
      if (answer.retryAfter() != null && answer.retryAfter().compareTo(wait) > 0) {
        wait = answer.retryAfter();
      }
      if (clock.instant().plus(wait).isAfter(deadline)) {
        return new Outcome(Verdict.UNAVAILABLE, answer);
      }
      sleeper.sleep(wait);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
