package sonar.infiltrate.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A compressed body inflated again from its bytes as sent, as a stream: the decoder reads a large
 * envelope so, more than once, rather than the body being held inflated. Only for a body whose coding
 * {@link Inflation} checked whole as it arrived (so a gzip trailer is not checked again). The inflater
 * reads and writes direct buffers, as {@link Inflation}'s does, so that it never holds the garbage
 * collector off. Not thread-safe; close it to free the inflater's memory.
 */
final class Reinflation extends InputStream {

  private static final int PIECE = 64 * 1024;

  private final ByteBuf asSent;
  private final Inflater inflater;
  private final ByteBuf input = ByteBufAllocator.DEFAULT.directBuffer(PIECE, PIECE);
  private final ByteBuf output = ByteBufAllocator.DEFAULT.directBuffer(PIECE, PIECE);
  private boolean closed;

  private Reinflation(ByteBuf asSent, boolean gzip) {
    this.asSent = asSent;
    this.inflater = new Inflater(/* nowrap= */ gzip);
  }

  /**
   * @param contentEncoding gzip or deflate ({@link Inflation#codes})
   * @param asSent the body as sent, read from its reader index on; the stream moves that index
   */
  static Reinflation of(String contentEncoding, ByteBuf asSent) {
    boolean gzip = Inflation.isGzip(contentEncoding);
    if (gzip) {
      byte[] start = new byte[Math.min(asSent.readableBytes(), Inflation.MAX_GZIP_HEADER + 1)];
      asSent.getBytes(asSent.readerIndex(), start);
      try {
        asSent.skipBytes(Inflation.gzipHeaderLength("gzip", start));
      } catch (Inflation.Damaged e) {
        throw new IllegalStateException("a gzip body checked already: " + e.getMessage(), e);
      }
    }
    return new Reinflation(asSent, gzip);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int from, int length) throws IOException {
    if (closed) {
      throw new IOException("the stream is closed");
    }
    if (length == 0) {
      return 0;
    }
    while (!output.isReadable()) {
      if (inflater.finished()) {
        return -1;
      }
      if (inflater.needsInput()) {
        int take = Math.min(PIECE, asSent.readableBytes());
        if (take == 0) {
          throw new EOFException("the body ends before its compressed data does");
        }
        input.clear();
        asSent.readBytes(input, take);
        inflater.setInput(input.nioBuffer(0, take));
      }
      try {
        output.setIndex(0, inflater.inflate(output.nioBuffer(0, PIECE)));
      } catch (DataFormatException e) {
        throw new IOException("the body was checked, and is damaged: " + e.getMessage(), e);
      }
      if (!output.isReadable() && inflater.needsDictionary()) {
        throw new IOException("the body was checked, and needs a preset dictionary");
      }
    }
    int n = Math.min(length, output.readableBytes());
    output.readBytes(bytes, from, n);
    return n;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      inflater.end();
      input.release();
      output.release();
    }
  }
}
