package sonar.exfiltrate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import sonar.exfiltrate.batch.Batch;
import sonar.exfiltrate.batch.BatchSource;
import sonar.exfiltrate.batch.Batches;
import sonar.exfiltrate.batch.TooLongLines;
import sonar.exfiltrate.send.Answer;
import sonar.exfiltrate.send.Delivery;
import sonar.exfiltrate.send.IdempotencyKey;
import sonar.exfiltrate.spool.LockedSpool;
import sonar.exfiltrate.spool.Spool;

/**
 * Sends spooled files batch by batch, in order, each under its idempotency key, and settles each batch
 * in the spool as the server's answer says: a delivered batch is counted done (an input's) or deleted (a
 * batch file), a refused one set aside; the first batch that cannot be delivered now stops the run and
 * stays. Keeps account of refusals, drops, and why it stopped, for the report. Not thread-safe.
 */
final class Sending {

  private final Delivery delivery;
  private final Report report;
  private final String target;
  private final String host;
  private final DropCount drops;
  private final Refusals refusals = new Refusals();
  /** Why sending stopped, when an operator must act; null otherwise. */
  private String stopReason;

  Sending(Delivery delivery, Report report, String target, String host, DropCount drops) {
    this.delivery = delivery;
    this.report = report;
    this.target = target;
    this.host = host;
    this.drops = drops;
  }

  Refusals refusals() {
    return refusals;
  }

  /** Why sending stopped, for an operator; null when it did not stop, or stopped only for now. */
  String stopReason() {
    return stopReason;
  }

  /**
   * Sends one spooled file, or what is left of it.
   *
   * @return whether to go on with the next file
   */
  boolean send(LockedSpool locked, Spool.Entry entry, Instant deadline) throws IOException, InterruptedException {
    if (!entry.isInput()) {
      return sendBatchFile(locked, entry, deadline);
    }
    LockedSpool.Input input;
    try {
      input = locked.openInput(entry);
    } catch (IOException e) {
      report.problem("set aside " + locked.reject(entry, e.getMessage()) + ": " + e.getMessage());
      return true;
    }
    try (input) {
      int done = input.done();
      drops.startInput();
      drops.quiet(done > 0);
      BatchSource batches = Batches.of(input.header().output(), input.header().cluster(), input.body(),
          input.again(), drops, keptAside(input));
      int index = 0;
      for (Batch batch = batches.next(); batch != null; batch = batches.next(), index++) {
        if (index < done) {
          continue; // delivered or set aside by an earlier run
        }
        drops.quiet(false);
        Delivery.Outcome outcome = delivery.deliver(batch, IdempotencyKey.of(host, entry.name(), index, batch.body()),
            deadline);
        switch (outcome.verdict()) {
          case DELIVERED -> {
            input.markDone();
            report.detail("delivered batch " + index + " of " + entry.name() + " (" + batch.records()
                + " records) to " + batch.path());
          }
          case REFUSED, REFUSED_SENDER -> {
            locked.setAside(batch, refusal(batch, outcome.answer()));
            input.markDone();
            refusals.add(outcome.answer(), batch.records());
          }
          default -> { }
        }
        if (!goesOn(outcome)) {
          noteStop(outcome);
          return false;
        }
      }
    }
    locked.finish(entry);
    drops.finishInput();
    return true;
  }

  private boolean sendBatchFile(LockedSpool locked, Spool.Entry entry, Instant deadline)
      throws IOException, InterruptedException {
    Batch batch;
    try {
      batch = locked.readBatch(entry);
    } catch (IOException e) {
      report.problem("set aside " + locked.reject(entry, e.getMessage()) + ": " + e.getMessage());
      return true;
    }
    Delivery.Outcome outcome = delivery.deliver(batch, IdempotencyKey.of(host, entry.name(), 0, batch.body()),
        deadline);
    switch (outcome.verdict()) {
      case DELIVERED -> {
        locked.finish(entry);
        report.detail("delivered " + entry.name() + " (" + batch.records() + " records) to " + batch.path());
      }
      case REFUSED, REFUSED_SENDER -> {
        locked.reject(entry, refusal(batch, outcome.answer()));
        refusals.add(outcome.answer(), batch.records());
      }
      default -> { }
    }
    if (!goesOn(outcome)) {
      noteStop(outcome);
      return false;
    }
    return true;
  }

  /**
   * Sends batches that could not be spooled, from memory; what is refused or left undelivered is lost,
   * and said so.
   *
   * @param name names the input in the idempotency keys, in place of a spool file
   */
  void sendUnspooled(BatchSource batches, String name, Instant deadline) throws IOException, InterruptedException {
    int index = 0;
    for (Batch batch = batches.next(); batch != null; batch = batches.next(), index++) {
      Delivery.Outcome outcome = delivery.deliver(batch, IdempotencyKey.of(host, name, index, batch.body()),
          deadline);
      boolean refused = outcome.verdict() == Delivery.Verdict.REFUSED
          || outcome.verdict() == Delivery.Verdict.REFUSED_SENDER;
      if (refused) {
        report.problem(target + " refused " + batch.records() + " records with " + outcome.answer()
            + "; they could not be spooled and are lost");
      }
      if (!goesOn(outcome)) {
        noteStop(outcome);
        lose(refused ? null : batch, batches);
        return;
      }
    }
  }

  /** Says what is lost of batches that could not be spooled: first (unless null), then the rest. */
  void lose(Batch first, BatchSource rest) throws IOException {
    long batches = 0;
    long records = 0;
    for (Batch batch = first == null ? rest.next() : first; batch != null; batch = rest.next()) {
      batches++;
      records += batch.records();
    }
    if (batches > 0) {
      report.problem("lost " + records + " records in " + Run.count(batches, "batch", "batches")
          + " that could be neither spooled nor delivered");
    }
  }

  /** Whether the next batch may be tried after this one's outcome. */
  private static boolean goesOn(Delivery.Outcome outcome) {
    return outcome.verdict() == Delivery.Verdict.DELIVERED || outcome.verdict() == Delivery.Verdict.REFUSED;
  }

  /**
   * Notes why sending stops after an outcome that stops it: for the operator when the setup needs one
   * (an untrusted certificate, an answer this sender does not expect); only with -v when the server is
   * just down or busy, as the spool keeps the data for the next run.
   */
  private void noteStop(Delivery.Outcome outcome) {
    Answer answer = outcome.answer();
    switch (outcome.verdict()) {
      case UNAVAILABLE -> report.detail(target + " is unavailable (" + answer + "); trying again next run");
      case STOPPED -> stopReason = switch (answer.failure()) {
        case UNTRUSTED -> target + " presented a certificate that is not trusted (" + answer.message() + ")";
        case TLS -> "TLS with " + target + " failed (" + answer.message() + ")";
        default -> target + " answered " + answer + ", which this sender does not expect";
      };
      default -> { } // a refusal of the sender: said with the refusals
    }
  }

  /** Lines too long to send: kept aside from a spooled input, once, and said so. */
  private TooLongLines keptAside(LockedSpool.Input input) {
    return new TooLongLines() {
      @Override
      public void tooLong(long number, long offset, long length) throws IOException {
        String why = tooLongToSend(number, length);
        Path kept = input.setAsideLine(number, offset, length, why);
        if (kept != null) {
          report.problem("set aside " + why + " in " + kept);
        }
      }
    };
  }

  /**
   * Lines too long to send from an input that is not spooled: said so, and lost.
   *
   * @param why why the line is not kept, as the end of the sentence
   */
  static TooLongLines lost(Report report, String why) {
    return new TooLongLines() {
      @Override
      public void tooLong(long number, long offset, long length) {
        report.problem("lost " + tooLongToSend(number, length) + ", " + why);
      }
    };
  }

  private static String tooLongToSend(long number, long length) {
    return "line " + number + " of sonar's output (" + length + " bytes, more than the " + Batches.MAX_LINE_BYTES
        + " this sender sends in one request)";
  }

  private static String refusal(Batch batch, Answer answer) {
    return "POST " + batch.path() + ": " + answer;
  }
}
