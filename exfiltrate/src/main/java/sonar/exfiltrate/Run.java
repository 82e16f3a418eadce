package sonar.exfiltrate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sonar.exfiltrate.cli.Config;
import sonar.exfiltrate.cli.Output;
import sonar.exfiltrate.send.Answer;
import sonar.exfiltrate.send.Delivery;
import sonar.exfiltrate.spool.Batch;
import sonar.exfiltrate.spool.Spool;

/**
 * One run, in the order that keeps data safe: cut the input into batches, spool them all (durably),
 * wait the random time, take the spool's lock (or leave, when another run holds it), send every spooled
 * batch oldest first, and delete each only after the server has it. A run killed at any moment after
 * spooling leaves each batch delivered or spooled; a kill after a batch was posted and before its file
 * is deleted (whether or not the 200 had arrived) makes the next run send that one batch again. Not
 * thread-safe; one per process.
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
  /** Refusals by answer, each with the batches and records refused, for one line each. */
  private final Map<String, long[]> refusals = new LinkedHashMap<>();
  private String stopped;

  /** @param delivery null for a dry run */
  Run(Config config, Spool spool, Delivery delivery, Report report, Node node) {
    this.config = config;
    this.spool = spool;
    this.delivery = delivery;
    this.report = report;
    this.node = node;
  }

  /** @return the exit status */
  int run(byte[] input, PrintStream out) {
    report.detail(config.describe());
    List<Batch> batches = batches(input);
    if (config.dryRun()) {
      for (Batch batch : batches) {
        out.write(batch.body(), 0, batch.body().length);
        if (config.output() == Output.JSON) {
          out.write('\n');
        }
      }
      out.flush();
      return report.exitStatus();
    }
    List<Batch> unspooled = spoolAll(batches);
    if (!unspooled.isEmpty() || !spool.isEmpty()) {
      try {
        waitRandomly();
        send(unspooled);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // only a test interrupts a run; what was spooled stays
        if (!unspooled.isEmpty()) {
          report.problem("interrupted: lost " + records(unspooled) + " records that could not be spooled");
        }
      }
    }
    return report.exitStatus();
  }

  private List<Batch> batches(byte[] input) {
    if (config.output() == Output.CSV) {
      return Batches.csv(input, config.cluster());
    }
    Batches.Parsed parsed = Batches.json(input, config.cluster());
    if (parsed.problems().isEmpty()) {
      return parsed.batches();
    }
    if (report.verbose()) {
      for (String problem : parsed.problems()) {
        report.referenceDetail(problem);
      }
      report.referenceDetail("Bad records and/or fields: " + parsed.problems().size());
      return parsed.batches();
    }
    int records = 0;
    for (String problem : parsed.problems()) {
      if (problem.startsWith("Dropping record")) {
        records++;
      }
    }
    int fields = parsed.problems().size() - records;
    if (records > 0) {
      report.warning("dropped " + count(records, "record", "records") + " of sonar's output that did not parse"
          + (fields > 0 ? ", and " + count(fields, "field", "fields") : "") + " (-v lists them)");
    } else if (config.dryRun() || spool.dailyNoticeDue(FIELDS_DROPPED)) {
      // Newer sonar prints fields the 0.7 format has no place for; saying so every run would mail every
      // node's administrator every few minutes.
      report.warning("dropped " + count(fields, "field", "fields") + " of sonar's output that the 0.7 JSON "
          + "format cannot carry; -output csv keeps every field (-v lists them; said once a day)");
    }
    return parsed.batches();
  }

  /** @return the batches that could not be spooled, to be sent from memory */
  private List<Batch> spoolAll(List<Batch> batches) {
    if (batches.isEmpty()) {
      return new ArrayList<>();
    }
    try {
      spool.add(batches);
      report.detail("spooled " + count(batches.size(), "batch", "batches") + " (" + records(batches)
          + " records) in " + spool.directory());
      return new ArrayList<>();
    } catch (IOException e) {
      report.problem("cannot spool: " + e.getMessage() + "; sending without the spool");
      return new ArrayList<>(batches);
    }
  }

  private void waitRandomly() throws InterruptedException {
    long windowMillis = config.window().toMillis();
    if (windowMillis > 0) {
      node.sleeper().sleep(Duration.ofMillis(node.random().nextLong(windowMillis)));
    }
  }

  private void send(List<Batch> unspooled) throws InterruptedException {
    Spool.Locked locked;
    try {
      locked = spool.tryLock();
    } catch (IOException e) {
      report.problem("cannot use spool " + spool.directory() + ": " + e.getMessage());
      locked = null;
      if (unspooled.isEmpty()) {
        return;
      }
    }
    if (locked == null && unspooled.isEmpty()) {
      report.detail("another run holds the lock of spool " + spool.directory() + "; it or the next run sends");
      return;
    }
    Instant deadline = node.clock().instant().plus(config.maxTime());
    try {
      boolean going = locked == null || sendSpooled(locked, deadline);
      if (going) {
        sendUnspooled(unspooled, deadline);
      }
      reportRefusals();
      if (stopped != null && locked == null) {
        report.problem(stopped);
      }
      if (!unspooled.isEmpty()) {
        report.problem("lost " + records(unspooled) + " records in " + count(unspooled.size(), "batch", "batches")
            + " that could be neither spooled nor delivered");
      }
      if (locked != null) {
        afterSending(locked);
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
  private boolean sendSpooled(Spool.Locked locked, Instant deadline) throws InterruptedException {
    try {
      // Listed again when done: runs that found the lock taken meanwhile left their batches to us.
      for (List<Spool.Entry> pending = locked.pending(); !pending.isEmpty(); pending = locked.pending()) {
        for (Spool.Entry entry : pending) {
          Batch batch;
          try {
            batch = locked.read(entry);
          } catch (IOException e) {
            Path moved = locked.reject(entry, e.getMessage());
            report.problem("set aside " + moved + ": " + e.getMessage());
            continue;
          }
          Delivery.Outcome outcome = delivery.deliver(batch, deadline);
          switch (outcome.verdict()) {
            case DELIVERED -> {
              locked.delete(entry);
              report.detail("delivered " + entry.name() + " (" + batch.records() + " records) to " + batch.path());
            }
            case REFUSED, REFUSED_SENDER -> refused(batch, outcome.answer(), locked.reject(entry, refusal(batch,
                outcome.answer())));
            default -> { }
          }
          if (!goOn(outcome)) {
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

  private void sendUnspooled(List<Batch> unspooled, Instant deadline) throws InterruptedException {
    while (!unspooled.isEmpty()) {
      Batch batch = unspooled.get(0);
      Delivery.Outcome outcome = delivery.deliver(batch, deadline);
      switch (outcome.verdict()) {
        case DELIVERED -> unspooled.remove(0);
        case REFUSED, REFUSED_SENDER -> {
          unspooled.remove(0);
          refused(batch, outcome.answer(), null);
        }
        default -> { }
      }
      if (!goOn(outcome)) {
        return;
      }
    }
  }

  /** Whether the next batch may be tried; says why not when that needs an operator. */
  private boolean goOn(Delivery.Outcome outcome) {
    Answer answer = outcome.answer();
    switch (outcome.verdict()) {
      case DELIVERED, REFUSED -> {
        return true;
      }
      case UNAVAILABLE -> report.detail(config.target() + " is unavailable (" + answer + "); trying again next run");
      case STOPPED -> stopped = switch (answer.failure()) {
        case UNTRUSTED -> config.target() + " presented a certificate that is not trusted (" + answer.message() + ")";
        case TLS -> "TLS with " + config.target() + " failed (" + answer.message() + ")";
        default -> config.target() + " answered " + answer + ", which this sender does not expect";
      };
      default -> { }
    }
    return false;
  }

  private void refused(Batch batch, Answer answer, Path setAside) {
    long[] counts = refusals.get(answer.toString());
    if (counts == null) {
      counts = new long[2];
      refusals.put(answer.toString(), counts);
    }
    counts[0]++;
    counts[1] += batch.records();
    if (setAside == null) {
      report.problem(config.target() + " refused " + batch.records() + " records with " + answer
          + "; they could not be spooled and are lost");
    }
  }

  private void reportRefusals() {
    for (Map.Entry<String, long[]> refusal : refusals.entrySet()) {
      long[] counts = refusal.getValue();
      report.problem(config.target() + " refused " + count(counts[0], "batch", "batches") + " (" + counts[1]
          + " records) with " + refusal.getKey() + "; set aside in " + spool.rejectedDirectory());
    }
  }

  private static String refusal(Batch batch, Answer answer) {
    return "POST " + batch.path() + ": " + answer;
  }

  /** Sizes the spool to its bound, then says what an operator needs to know about what is left. */
  private void afterSending(Spool.Locked locked) {
    try {
      int waiting = locked.pending().size();
      if (stopped != null) {
        report.problem(stopped + "; " + count(waiting, "batch stays", "batches stay") + " in the spool");
      }
      Spool.Trimmed trimmed = locked.trim(config.spoolMaxBytes());
      if (!trimmed.isEmpty()) {
        report.problem("spool " + spool.directory() + " is over -spool-max-bytes " + config.spoolMaxBytes()
            + ": dropped the " + count(trimmed.batches(), "oldest batch", "oldest batches") + " ("
            + trimmed.records() + " records, " + trimmed.bytes() + " bytes) spooled from "
            + trimmed.first().truncatedTo(ChronoUnit.SECONDS) + " to "
            + trimmed.last().truncatedTo(ChronoUnit.SECONDS));
      }
      Optional<Instant> oldest = locked.oldest();
      Instant now = node.clock().instant();
      if (oldest.isPresent() && Duration.between(oldest.get(), now).compareTo(OLD_SPOOL) > 0) {
        report.warning("the oldest batch in spool " + spool.directory() + " was spooled at "
            + oldest.get().truncatedTo(ChronoUnit.SECONDS) + ", "
            + Duration.between(oldest.get(), now).toHours() + " hours ago, and is not yet delivered to "
            + config.target());
      }
    } catch (IOException e) {
      report.problem("cannot use spool " + spool.directory() + ": " + e.getMessage());
    }
  }

  private static long records(List<Batch> batches) {
    long records = 0;
    for (Batch batch : batches) {
      records += batch.records();
    }
    return records;
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
