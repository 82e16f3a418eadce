package sonar.infiltrate.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import sonar.infiltrate.store.Batch;

/**
 * JSON text made compact for storage, one message per line: white space outside strings goes, every
 * other byte stays as received (numbers, escapes and key order untouched). Only for text a parser has
 * already accepted. The line is made a piece at a time from the body, measured first and then written
 * into an array of its exact size, so that a large message is held as its line alone, never again whole
 * as text or as a compact copy to be trimmed. Stateless.
 */
final class JsonText {

  private static final int PIECE = 64 * 1024;

  private JsonText() {}

  /**
   * Adds the JSON to the batch as one compact line for the file: as the bytes received where they are
   * good UTF-8, else as decoding them to text makes them (U+FFFD for each bad sequence) and encoding it again,
   * so that what is stored is the same either way.
   */
  static void addLine(byte[] json, Batch.Builder batch, String path) {
    addLine(Body.of(json), null, batch, path);
  }

  /**
   * {@link #addLine(byte[], Batch.Builder, String)} for a body read a piece at a time.
   *
   * @param measured what a {@link #measuring} stream found reading the whole body; null to measure here
   */
  static void addLine(Body json, Measured measured, Batch.Builder batch, String path) {
    int piece = json.held() == null ? PIECE : Math.max(16, Math.min(PIECE, json.held().length));
    if (measured == null) {
      Count count = new Count();
      Utf8 check = new Utf8(/* repair= */ false, count, piece);
      compact(json, check, piece);
      check.finish();
      measured = new Measured(count.length, check.malformed);
    }
    if (!measured.malformed()) {
      batch.addLine(path, line(json, measured.length(), into -> into, piece));
      return;
    }
    Count repaired = new Count();
    Utf8 measure = new Utf8(/* repair= */ true, repaired, piece);
    compact(json, measure, piece);
    measure.finish();
    batch.addLine(path, line(json, repaired.length, into -> new Utf8(/* repair= */ true, into, piece), piece));
  }

  /**
   * What a body's compact line is, as read.
   *
   * @param length bytes of the compact JSON, newline not counted
   * @param malformed whether it is not good UTF-8
   */
  record Measured(long length, boolean malformed) {}

  /**
   * A stream that reads through to the given one and measures the compact line of what passes, so that a
   * parser's reading of a body measures its line too; {@link Measuring#measured} once it has read to the
   * end.
   */
  static Measuring measuring(InputStream body) {
    return new Measuring(body);
  }

  /** See {@link #measuring}. */
  static final class Measuring extends FilterInputStream {
    private final byte[] piece = new byte[PIECE];
    private final Compactor compactor = new Compactor();
    private final Count count = new Count();
    private final Utf8 check = new Utf8(/* repair= */ false, count, PIECE);
    private boolean ended;

    private Measuring(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int from, int length) throws IOException {
      int read = in.read(bytes, from, length);
      if (read < 0 && !ended) {
        ended = true;
        check.finish();
      }
      for (int at = from, end = from + Math.max(read, 0); at < end; ) {
        int take = Math.min(end - at, piece.length);
        System.arraycopy(bytes, at, piece, 0, take);
        check.write(piece, 0, compactor.compact(piece, 0, take));
        at += take;
      }
      return read;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("a measured body is read, not skipped");
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    /** What was read, once the stream has been read to its end; else null. */
    Measured measured() {
      return ended ? new Measured(count.length, check.malformed) : null;
    }
  }

  /** Where compact JSON goes, a piece at a time. */
  private interface Sink {
    void write(byte[] bytes, int from, int length);
  }

  /** How the compact JSON is turned into what the line holds. */
  private interface Stage {
    Sink before(Sink into);
  }

  /** The line of the given length (newline not counted), written through the stage. */
  private static byte[] line(Body json, long length, Stage stage, int piece) {
    byte[] line = new byte[Math.toIntExact(length + 1)];
    Into into = new Into(line);
    Sink sink = stage.before(into);
    compact(json, sink, piece);
    if (sink instanceof Utf8 utf8) {
      utf8.finish();
    }
    if (into.at != length) {
      throw new IllegalStateException("the line came out at " + into.at + " bytes, measured " + length);
    }
    line[line.length - 1] = '\n';
    return line;
  }

  /** Writes the JSON without its white space outside strings into the sink. */
  private static void compact(Body json, Sink sink, int pieceBytes) {
    byte[] piece = new byte[pieceBytes];
    Compactor compactor = new Compactor();
    try (InputStream in = json.open()) {
      for (int read = in.read(piece); read >= 0; read = in.read(piece)) {
        sink.write(piece, 0, compactor.compact(piece, 0, read));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading a body held in memory", e);
    }
  }

  private static final class Count implements Sink {
    private long length;

    @Override
    public void write(byte[] bytes, int from, int length) {
      this.length += length;
    }
  }

  private static final class Into implements Sink {
    private final byte[] line;
    private int at;

    Into(byte[] line) {
      this.line = line;
    }

    @Override
    public void write(byte[] bytes, int from, int length) {
      System.arraycopy(bytes, from, line, at, length);
      at += length;
    }
  }

  /**
   * Passes bytes on while checking they are UTF-8 ({@code repair} false: {@link #malformed} says whether
   * they were not), or passes on what decoding them with U+FFFD for each bad sequence and encoding the
   * text again gives ({@code repair} true). A sequence split between pieces is kept for the next one.
   */
  private static final class Utf8 implements Sink {
    private final boolean repair;
    private final Sink next;
    private final CharsetDecoder decoder;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder();
    private final ByteBuffer in;
    private final CharBuffer chars;
    private final ByteBuffer out;
    private boolean malformed;

    Utf8(boolean repair, Sink next, int piece) {
      this.repair = repair;
      this.next = next;
      CodingErrorAction bad = repair ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT;
      this.decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(bad).onUnmappableCharacter(bad);
      this.in = ByteBuffer.allocate(piece);
      this.chars = CharBuffer.allocate(piece);
      this.out = repair ? ByteBuffer.allocate(piece * 3) : null;
    }

    @Override
    public void write(byte[] bytes, int from, int length) {
      if (!repair) {
        next.write(bytes, from, length);
        if (in.position() == 0 && ascii(bytes, from, from + length)) {
          return; // nothing to check, and nothing begun before it
        }
      }
      for (int at = from, end = from + length; at < end && !malformed; ) {
        int take = Math.min(end - at, in.remaining());
        in.put(bytes, at, take);
        at += take;
        decode(/* last= */ false);
      }
    }

    void finish() {
      if (malformed) {
        return;
      }
      decode(/* last= */ true);
      if (!malformed) {
        decoder.flush(chars);
        encode(/* last= */ true);
        if (repair) {
          encoder.flush(out);
          drain();
        }
      }
    }

    private static boolean ascii(byte[] bytes, int from, int to) {
      int all = 0;
      for (int i = from; i < to; i++) {
        all |= bytes[i];
      }
      return all >= 0;
    }

    private void decode(boolean last) {
      in.flip();
      CoderResult result;
      do {
        result = decoder.decode(in, chars, last);
        if (result.isError()) {
          malformed = true;
          return;
        }
        encode(/* last= */ false);
      } while (result.isOverflow());
      in.compact();
    }

    private void encode(boolean last) {
      chars.flip();
      if (repair) {
        CoderResult result;
        do {
          result = encoder.encode(chars, out, last);
          drain();
        } while (result.isOverflow());
        chars.compact();
      } else {
        chars.clear();
      }
    }

    private void drain() {
      next.write(out.array(), 0, out.position());
      out.clear();
    }
  }
}
