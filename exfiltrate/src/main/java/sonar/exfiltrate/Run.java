package sonar.exfiltrate;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import sonar.exfiltrate.batch.Batch;
import sonar.exfiltrate.batch.BatchSource;
import sonar.exfiltrate.batch.Batches;
import sonar.exfiltrate.cli.Config;
import sonar.exfiltrate.cli.Output;
import sonar.exfiltrate.send.Delivery;
import sonar.exfiltrate.spool.InputFile;
import sonar.exfiltrate.spool.LockedSpool;
import sonar.exfiltrate.spool.Spool;

/**
 * One run, in the order that keeps data safe: spool sonar's output as it is read (durably), wait the
 * random time, take the spool's lock (or leave, when another run holds it), send every spooled file
 * oldest first, batch by batch, and count each batch done, or delete the file, only after the server has
 * it. A run killed at any moment after spooling leaves every batch delivered or spooled; a kill after a
 * batch was posted and before it was counted makes the next run send that batch again, under the same
 * idempotency key. Not thread-safe; one per process.
 */
final class Run {

  /** A spool this old means the data has not reached the server for a day: someone should look. */
  static final Duration OLD_SPOOL = Duration.ofDays(1);
  private static final String FIELDS_DROPPED = "fields-dropped";

  private final Config config;
  private final Spool spool;
  private final Delivery delivery;
  private final Report report;
  private final Node node;
  private final DropCount drops;

  /** @param delivery null for a dry run */
  Run(Config config, Spool spool, Delivery delivery, Report report, Node node) {
    this.config = config;
    this.spool = spool;
    this.delivery = delivery;
    this.report = report;
    this.node = node;
    this.drops = new DropCount(report);
  }

  /**
   * @param in sonar's output
   * @param spooled where the launcher spooled sonar's output before this process started (after which it
   *     waited the random time already); null to read it from in
   * @return the exit status
   */
  int run(InputStream in, Path spooled, PrintStream out) {
    report.detail(config.describe());
    if (config.dryRun()) {
      return dryRun(in, out);
    }
    InputStream unspooled = null;
    if (spooled != null) {
      report.detail("the launcher spooled sonar's output in " + spooled);
    } else {
      unspooled = spoolInput(in);
    }
    if (unspooled == null && spool.isEmpty()) {
      return report.exitStatus();
    }
    try {
      if (spooled == null) {
        waitRandomly();
      }
      send(unspooled);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // only a test interrupts a run; what was spooled stays
      if (unspooled != null) {
        report.problem("interrupted: lost what could not be spooled");
      }
    } catch (IOException e) {
      report.problem("cannot read sonar's output: " + e.getMessage());
    }
    reportDrops();
    return report.exitStatus();
  }

  private int dryRun(InputStream in, PrintStream out) {
    BatchSource batches = Batches.of(config.output(), config.cluster(), in, null, drops,
        Sending.lost(report, "which a dry run does not keep"));
    try {
      for (Batch batch = batches.next(); batch != null; batch = batches.next()) {
        out.write(batch.body(), 0, batch.body().length);
        if (config.output() == Output.JSON) {
          out.write('\n');
        }
      }
    } catch (IOException e) {
      report.problem("cannot read sonar's output: " + e.getMessage());
    }
    out.flush();
    drops.finishInput();
    reportDrops();
    return report.exitStatus();
  }

  /** @return null when all of in is spooled; else what is left to send without the spool */
  private InputStream spoolInput(InputStream in) {
    Spool.Added added = spool.add(in, new InputFile.Header(config.output(), config.cluster()));
    if (added.readFailure() != null) {
      report.problem("cannot read sonar's output to its end (" + added.readFailure().getMessage()
          + "); sending what was read");
    }
    if (added.entry() != null) {
      report.detail("spooled " + added.entry().bytes() + " bytes in " + added.entry().file());
      return null;
    }
    if (added.failure() == null) {
      return null; // nothing to spool
    }
    report.problem("cannot spool: " + added.failure().getMessage() + "; sending without the spool");
    return added.unspooled();
  }

  private void waitRandomly() throws InterruptedException {
    long windowMillis = config.window().toMillis();
    if (windowMillis > 0) {
      node.sleeper().sleep(Duration.ofMillis(node.random().nextLong(windowMillis)));
    }
  }

  private void send(InputStream unspooled) throws InterruptedException, IOException {
    LockedSpool locked;
    try {
      locked = spool.tryLock();
    } catch (IOException e) {
      report.problem("cannot use spool " + spool.directory() + ": " + e.getMessage());
      locked = null;
      if (unspooled == null) {
        return;
      }
    }
    if (locked == null && unspooled == null) {
      report.detail("another run holds the lock of spool " + spool.directory() + "; it or the next run sends");
      return;
    }
    Instant deadline = node.clock().instant().plus(config.maxTime());
    Sending sending = new Sending(delivery, report, config.target(), node.host(), drops);
    try {
      boolean going = locked == null || sendSpooled(locked, sending, deadline);
      if (unspooled != null) {
        BatchSource batches = Batches.of(config.output(), config.cluster(), unspooled, null, drops,
            Sending.lost(report, "which could not be spooled"));
        drops.startInput();
        if (going) {
          sending.sendUnspooled(batches, "unspooled-" + node.clock().millis() + "-" + node.pid(), deadline);
        } else {
          sending.lose(null, batches);
        }
        drops.finishInput();
      }
      reportRefusals(sending.refusals());
      if (sending.stopReason() != null && locked == null) {
        report.problem(sending.stopReason());
      }
      if (locked != null) {
        afterSending(locked, sending.stopReason());
      }
    } finally {
      if (locked != null) {
        try {
          locked.close();
        } catch (IOException e) {
          // The lock goes with the process, which ends now.
        }
      }
    }
  }

  /** @return whether to go on sending */
  private boolean sendSpooled(LockedSpool locked, Sending sending, Instant deadline)
      throws InterruptedException, IOException {
    try {
      // Listed again when done: runs that found the lock taken meanwhile left their input to us.
      for (List<Spool.Entry> pending = locked.pending(); !pending.isEmpty(); pending = locked.pending()) {
        for (Spool.Entry entry : pending) {
          if (!sending.send(locked, entry, deadline)) {
            return false;
          }
        }
      }
      return true;
    } catch (IOException e) {
      report.problem("cannot use spool " + spool.directory() + ": " + e.getMessage());
      return false;
    }
  }

  private void reportRefusals(Refusals refusals) {
    for (Refusals.Refusal refusal : refusals.all()) {
      report.problem(config.target() + " refused " + count(refusal.batches(), "batch", "batches") + " ("
          + refusal.records() + " records) with " + refusal.answer() + "; set aside in " + spool.rejectedDirectory());
    }
  }

  /** The drops of the inputs finished in this run, in a line unless -v listed them. */
  private void reportDrops() {
    if (drops.total() == 0) {
      return;
    }
    if (report.verbose()) {
      report.referenceDetail("Bad records and/or fields: " + drops.total());
      return;
    }
    if (drops.records() > 0) {
      report.warning("dropped " + count(drops.records(), "record", "records") + " of sonar's output that did not parse"
          + (drops.fields() > 0 ? ", and " + count(drops.fields(), "field", "fields") : "") + " (-v lists them)");
    } else if (config.dryRun() || spool.dailyNoticeDue(FIELDS_DROPPED)) {
      // Newer sonar prints fields the 0.7 format has no place for; saying so every run would mail every
      // node's administrator every few minutes.
      report.warning("dropped " + count(drops.fields(), "field", "fields") + " of sonar's output that the 0.7 JSON "
          + "format cannot carry; -output csv keeps every field (-v lists them; said once a day)");
    }
  }

  /** Sizes the spool to its bound, then says what an operator needs to know about what is left. */
  private void afterSending(LockedSpool locked, String stopReason) {
    try {
      if (stopReason != null) {
        report.problem(stopReason + "; " + count(locked.pending().size(), "file waits", "files wait") + " in spool "
            + spool.directory());
      }
      LockedSpool.Trimmed trimmed = locked.trim(config.spoolMaxBytes());
      if (!trimmed.isEmpty()) {
        report.problem("spool " + spool.directory() + " is over -spool-max-bytes " + config.spoolMaxBytes()
            + ": dropped the " + count(trimmed.files(), "oldest file", "oldest files") + " (" + trimmed.bytes()
            + " bytes) spooled from " + trimmed.first().truncatedTo(ChronoUnit.SECONDS) + " to "
            + trimmed.last().truncatedTo(ChronoUnit.SECONDS));
      }
      Optional<Instant> oldest = locked.oldest();
      Instant now = node.clock().instant();
      if (oldest.isPresent() && Duration.between(oldest.get(), now).compareTo(OLD_SPOOL) > 0) {
        report.warning("the oldest data in spool " + spool.directory() + " was spooled at "
            + oldest.get().truncatedTo(ChronoUnit.SECONDS) + ", "
            + Duration.between(oldest.get(), now).toHours() + " hours ago, and is not yet delivered to "
            + config.target());
      }
    } catch (IOException e) {
      report.problem("cannot use spool " + spool.directory() + ": " + e.getMessage());
    }
  }

  static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
