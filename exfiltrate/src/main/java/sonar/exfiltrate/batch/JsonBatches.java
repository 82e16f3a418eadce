package sonar.exfiltrate.batch;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import sonar.format.CsvNamedParser;
import sonar.format.Heartbeat;
import sonar.format.Reading;
import sonar.format.WireWriter;

/**
 * Sonar's csvnamed lines parsed by the reference sender's rules and posted in its JSON form: readings in
 * input order in batches of at most {@link Batches#MAX_RECORDS}, then heartbeats likewise; a batch of more
 * than one record also stays within {@link Batches#MAX_BATCH_BYTES}, so a record too large for that goes
 * alone. The input is parsed piece by piece (see {@link CsvChunks}); from a file, heartbeats are found in
 * a second pass, from a stream they are held to its end (at most {@link #MAX_HELD_HEARTBEAT_BATCHES}
 * batches; past that they go as they come). Not thread-safe.
 */
final class JsonBatches implements BatchSource {

  /** About 10,000 heartbeats, 1 MiB: far more than sonar prints; the bound keeps the heap small. */
  static final int MAX_HELD_HEARTBEAT_BATCHES = 1000;
  private static final Drops IGNORED = new Drops() {
    @Override
    public void dropped(String message) {
      // Said in the first pass already.
    }
  };

  private final Batches.Reopen again;
  private final String cluster;
  private final Drops drops;
  private final CsvNamedParser parser = new CsvNamedParser();
  private final WireWriter writer = new WireWriter();
  private final Pending readings = new Pending(Batches.READINGS);
  private final Pending heartbeats = new Pending(Batches.HEARTBEATS);
  private final ArrayDeque<Batch> ready = new ArrayDeque<>();
  /** Heartbeat batches of a stream, held until its end. */
  private final ArrayDeque<Batch> held = new ArrayDeque<>();
  private CsvChunks chunks;
  private boolean heartbeatPass;
  /** Whether the first pass met a heartbeat: without one, there is no second pass to make. */
  private boolean heartbeatsSeen;
  private boolean done;

  JsonBatches(InputStream in, Batches.Reopen again, String cluster, Drops drops) {
    this.again = again;
    this.cluster = cluster;
    this.drops = drops;
    this.chunks = new CsvChunks(in, Batches.MAX_BATCH_BYTES, Batches.MAX_LINE_BYTES, drops);
  }

  @Override
  public Batch next() throws IOException {
    while (ready.isEmpty() && !done) {
      CsvChunks.Chunk chunk = chunks.next();
      if (chunk == null) {
        endOfPass();
      } else if (!heartbeatPass || chunk.text().contains(Reading.HEARTBEAT_COMMAND)) {
        parse(chunk);
      }
    }
    return ready.poll();
  }

  private void parse(CsvChunks.Chunk chunk) {
    CsvNamedParser.Result result = parser.parse(chunk.text(), cluster, chunk.firstLine());
    if (heartbeatPass) {
      addHeartbeats(result.heartbeats(), ready);
      return;
    }
    for (String problem : result.problems()) {
      drops.dropped(problem);
    }
    heartbeatsSeen |= !result.heartbeats().isEmpty();
    for (Reading reading : result.readings()) {
      readings.add(writer.reading(reading), ready);
    }
    if (again == null) {
      addHeartbeats(result.heartbeats(), held);
      while (held.size() > MAX_HELD_HEARTBEAT_BATCHES) {
        ready.add(held.poll());
      }
    }
  }

  private void addHeartbeats(List<Heartbeat> found, ArrayDeque<Batch> to) {
    for (Heartbeat heartbeat : found) {
      heartbeats.add(writer.heartbeat(heartbeat), to);
    }
  }

  private void endOfPass() throws IOException {
    if (heartbeatPass) {
      heartbeats.flush(ready);
      done = true;
      return;
    }
    readings.flush(ready);
    if (again == null || !heartbeatsSeen) {
      heartbeats.flush(held);
      while (!held.isEmpty()) {
        ready.add(held.poll()); // not addAll: ArrayDeque's takes a method reference, bootstrapped on every run
      }
      done = true;
      return;
    }
    heartbeatPass = true;
    chunks = new CsvChunks(again.open(), Batches.MAX_BATCH_BYTES, Batches.MAX_LINE_BYTES, IGNORED);
  }

  /** Encoded records waiting to fill a batch. */
  private static final class Pending {
    private final String path;
    private final byte[][] objects = new byte[Batches.MAX_RECORDS][];
    private int count;
    /** The body's length so far: brackets, commas and objects. */
    private int bytes = 2;

    Pending(String path) {
      this.path = path;
    }

    void add(byte[] object, ArrayDeque<Batch> to) {
      if (count > 0 && bytes + 1 + object.length > Batches.MAX_BATCH_BYTES) {
        flush(to);
      }
      objects[count++] = object;
      bytes += object.length + (count > 1 ? 1 : 0);
      if (count == objects.length) {
        flush(to);
      }
    }

    void flush(ArrayDeque<Batch> to) {
      if (count == 0) {
        return;
      }
      to.add(new Batch(path, Batches.JSON_TYPE, count, WireWriter.array(objects, count)));
      for (int i = 0; i < count; i++) {
        objects[i] = null;
      }
      count = 0;
      bytes = 2;
    }
  }
}
