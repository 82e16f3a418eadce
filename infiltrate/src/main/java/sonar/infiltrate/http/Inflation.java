package sonar.infiltrate.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Undoes one content coding of a request body as it arrives, and checks it whole: gzip (RFC 1952, one
 * member: header, deflate data, CRC-32 and length) or deflate, which HTTP defines as zlib (RFC 1950:
 * header, deflate data, Adler-32). The stream must end where the body ends, its checks must hold, and
 * nothing may follow it. Netty's own decompressor takes a stream cut short or followed by garbage, so
 * this one is used instead. Not thread-safe; one per request.
 */
final class Inflation {

  /** What is wrong with a body's coding, in words for the sender. */
  static final class Damaged extends Exception {
    private static final long serialVersionUID = 1L;

    Damaged(String coding, String problem) {
      super("the " + coding + " body is damaged: " + problem, null, false, false);
    }
  }

  private static final int OUTPUT_CHUNK = 64 * 1024;
  /** Room for a gzip header's optional name, comment and extra field; real ones are far shorter. */
  static final int MAX_GZIP_HEADER = 64 * 1024;
  private static final int GZIP_TRAILER = 8;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private enum Stage { HEADER, DATA, TRAILER, DONE }

  private final String coding;
  private final boolean gzip;
  private final Inflater inflater;
  private final CRC32 crc = new CRC32();
  private byte[] pending = new byte[0]; // gzip header or trailer bytes not yet complete
  private byte[] input = new byte[0];
  private int at; // the next byte of input not yet looked at, nor handed to the inflater
  private boolean inflating; // input from at on is the inflater's
  private Stage stage;
  private long inflated;
  private byte[] scratch; // where skipped pieces go
  private ByteBuf directInput; // what the inflater reads and writes: see inflate
  private ByteBuf directOutput;

  private Inflation(String coding, boolean gzip) {
    this.coding = coding;
    this.gzip = gzip;
    this.inflater = new Inflater(/* nowrap= */ gzip); // zlib's header and checksum are the Inflater's own
    this.stage = gzip ? Stage.HEADER : Stage.DATA;
  }

  /** For a Content-Encoding the server takes (see {@link #takes}); null for identity. */
  static Inflation of(String contentEncoding) {
    if (!codes(contentEncoding)) {
      return null;
    }
    boolean gzip = isGzip(contentEncoding);
    return new Inflation(gzip ? "gzip" : "deflate", gzip);
  }

  /** Whether the Content-Encoding is one this class undoes (not identity). */
  static boolean codes(String contentEncoding) {
    return contentEncoding != null && switch (normalized(contentEncoding)) {
      case "gzip", "x-gzip", "deflate" -> true;
      default -> false;
    };
  }

  /** Whether a Content-Encoding this class undoes ({@link #codes}) is gzip rather than deflate. */
  static boolean isGzip(String contentEncoding) {
    return switch (normalized(contentEncoding)) {
      case "gzip", "x-gzip" -> true;
      default -> false;
    };
  }

  static boolean takes(String contentEncoding) {
    return contentEncoding == null
        || switch (normalized(contentEncoding)) {
          case "identity", "gzip", "x-gzip", "deflate" -> true;
          default -> false;
        };
  }

  private static String normalized(String coding) {
    return coding.strip().toLowerCase(Locale.ROOT);
  }

  /** The next bytes of the body as they came; call {@link #next} until it gives null before the next. */
  void input(ByteBuf in) {
    input = new byte[in.readableBytes()];
    in.getBytes(in.readerIndex(), input);
    at = 0;
  }

  /**
   * The next piece of inflated data, at most 64 KiB, so that a body that inflates far is stopped as soon
   * as it is over its limit; null once the input is used up. Pieces are not pooled: a large body goes back
   * to the garbage collector whole once it is stored, rather than staying in a pool's keeping.
   */
  ByteBuf next() throws Damaged {
    ByteBuf out = Unpooled.buffer(OUTPUT_CHUNK, OUTPUT_CHUNK);
    try {
      int n = pump(out.array(), out.arrayOffset());
      if (n == 0) {
        out.release();
        return null;
      }
      if (n < OUTPUT_CHUNK / 2) { // a piece keeps its whole array: one mostly empty goes in one its size
        ByteBuf trimmed = Unpooled.copiedBuffer(out.array(), out.arrayOffset(), n);
        out.release();
        return trimmed;
      }
      out.writerIndex(n);
      return out;
    } catch (Damaged | RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /**
   * Inflates the next piece, at most 64 KiB, only to check and count it: its bytes are not kept. Its
   * length; 0 once the input is used up.
   */
  int skip() throws Damaged {
    if (scratch == null) {
      scratch = new byte[OUTPUT_CHUNK];
    }
    return pump(scratch, 0);
  }

  /** Inflates the next piece into out; its length, 0 once the input is used up. */
  private int pump(byte[] out, int offset) throws Damaged {
    while (at < input.length) {
      switch (stage) {
        case HEADER -> at = header(input, at);
        case DATA -> {
          int n = inflate(out, offset);
          if (n > 0) {
            return n;
          }
        }
        case TRAILER -> at = trailer(input, at);
        case DONE -> throw new Damaged(coding, "data follows its end");
      }
    }
    return 0;
  }

  /** The body has ended: the stream must have ended with it. */
  void finish() throws Damaged {
    if (stage != Stage.DONE) {
      throw new Damaged(coding, "it is cut short");
    }
  }

  /** Frees the inflater's native memory; call once the body has ended or was refused. */
  void close() {
    inflater.end();
    if (directInput != null) {
      directInput.release();
      directInput = null;
    }
    if (directOutput != null) {
      directOutput.release();
      directOutput = null;
    }
  }

  /**
   * Inflates what it can of the input; 0 when it needs more input or the data has ended. The inflater
   * reads from and writes to direct buffers: its array methods hold the garbage collector off while they
   * run (a JNI critical region), and under a flood of large bodies, inflated without pause, an allocation
   * that needed a collection then failed for want of heap with most of the heap garbage.
   */
  private int inflate(byte[] out, int offset) throws Damaged {
    if (!inflating) {
      int length = input.length - at;
      if (directInput == null || directInput.capacity() < length) {
        if (directInput != null) {
          directInput.release();
        }
        directInput = ByteBufAllocator.DEFAULT.directBuffer(Math.max(length, OUTPUT_CHUNK / 8));
      }
      directInput.clear().writeBytes(input, at, length);
      inflater.setInput(directInput.nioBuffer(0, length));
      inflating = true;
    }
    if (directOutput == null) {
      directOutput = ByteBufAllocator.DEFAULT.directBuffer(OUTPUT_CHUNK, OUTPUT_CHUNK);
    }
    try {
      int n = inflater.inflate(directOutput.nioBuffer(0, OUTPUT_CHUNK));
      if (n > 0) {
        directOutput.getBytes(0, out, offset, n);
        crc.update(out, offset, n);
        inflated += n;
        return n;
      }
    } catch (DataFormatException e) {
      throw new Damaged(coding, e.getMessage());
    }
    if (inflater.needsDictionary()) {
      throw new Damaged(coding, "it needs a preset dictionary");
    }
    inflating = false;
    if (inflater.finished()) {
      at = input.length - inflater.getRemaining();
      stage = gzip ? Stage.TRAILER : Stage.DONE;
    } else {
      at = input.length; // all of it is the inflater's now
    }
    return 0;
  }

  /** Gathers the gzip header; returns where its data begins, or the end of bytes when incomplete. */
  private int header(byte[] bytes, int at) throws Damaged {
    int had = pending.length;
    pending = join(pending, bytes, at, Math.min(bytes.length - at, MAX_GZIP_HEADER + 1 - had));
    if ((pending.length >= 1 && (pending[0] & 0xff) != 0x1f) || (pending.length >= 2 && (pending[1] & 0xff) != 0x8b)) {
      throw new Damaged(coding, "it does not begin as gzip does");
    }
    int length = gzipHeaderLength(pending);
    if (length < 0) {
      if (pending.length > MAX_GZIP_HEADER) {
        throw new Damaged(coding, "its header is longer than " + MAX_GZIP_HEADER + " bytes");
      }
      return bytes.length;
    }
    pending = new byte[0];
    stage = Stage.DATA;
    return at + length - had;
  }

  /** The length of a complete gzip header at the start of bytes, or -1 if more is needed. */
  private int gzipHeaderLength(byte[] header) throws Damaged {
    return gzipHeaderLength(coding, header);
  }

  /** {@link #gzipHeaderLength(byte[])} for a body of the given coding's name. */
  static int gzipHeaderLength(String coding, byte[] header) throws Damaged {
    if (header.length < 10) {
      return -1;
    }
    if (header[2] != 8) {
      throw new Damaged(coding, "compression method " + (header[2] & 0xff) + " is not deflate");
    }
    int flags = header[3] & 0xff;
    if ((flags & 0xe0) != 0) {
      throw new Damaged(coding, "its header sets reserved flags");
    }
    int length = 10;
    if ((flags & FEXTRA) != 0) {
      if (header.length < length + 2) {
        return -1;
      }
      length += 2 + ((header[length] & 0xff) | (header[length + 1] & 0xff) << 8);
    }
    for (int flag : new int[] {FNAME, FCOMMENT}) {
      if ((flags & flag) != 0) {
        int end = length;
        while (end < header.length && header[end] != 0) {
          end++;
        }
        if (end >= header.length) {
          return -1;
        }
        length = end + 1;
      }
    }
    if ((flags & FHCRC) != 0) {
      length += 2;
    }
    return header.length >= length ? length : -1;
  }

  private int trailer(byte[] bytes, int at) throws Damaged {
    int had = pending.length;
    int take = Math.min(bytes.length - at, GZIP_TRAILER - had);
    pending = join(pending, bytes, at, take);
    if (pending.length < GZIP_TRAILER) {
      return bytes.length;
    }
    if (littleEndian(pending, 0) != crc.getValue()) {
      throw new Damaged(coding, "its CRC does not match its content");
    }
    if (littleEndian(pending, 4) != (inflated & 0xffffffffL)) {
      throw new Damaged(coding, "its length does not match its content");
    }
    stage = Stage.DONE;
    return at + take;
  }

  private static long littleEndian(byte[] bytes, int at) {
    return (bytes[at] & 0xffL) | (bytes[at + 1] & 0xffL) << 8 | (bytes[at + 2] & 0xffL) << 16
        | (bytes[at + 3] & 0xffL) << 24;
  }

  private static byte[] join(byte[] head, byte[] bytes, int from, int length) {
    byte[] joined = Arrays.copyOf(head, head.length + length);
    System.arraycopy(bytes, from, joined, head.length, length);
    return joined;
  }
}
