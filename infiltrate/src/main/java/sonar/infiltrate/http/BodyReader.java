package sonar.infiltrate.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads a request body on its way to being gathered whole: checks that its framing holds to its end,
 * undoes its content coding ({@link Inflation}), counts it, decompressed, against its endpoint's limit,
 * and reserves memory for it from the server-wide budget as it grows (a declared length at once, before
 * any of it is read). A body that breaks one of these is refused at once: 400 when its framing or coding
 * is broken, 413 past its limit, 503 with {@code Retry-After} when the budget has no room. The connection
 * is then closed, as what has been gathered of the body is still held further on: after the rest of the
 * body has been read and dropped, so that the client hears the answer rather than a reset, unless its
 * framing is lost or it is far over the limit. One per connection.
 */
final class BodyReader extends ChannelInboundHandlerAdapter {

  /**
   * Pieces of a body passed on as sent are gathered into pooled direct buffers of this size before they go
   * on: off the heap, which then holds only the envelope's line.
   */
  private static final int AS_SENT_PIECE = 64 * 1024;

  private Exchange exchange;
  private Inflation inflation;
  private boolean envelope; // its body is decoded as a stream: a compressed one goes on as sent
  private ByteBuf asSent; // the piece being gathered of a compressed envelope's body as sent
  private long received; // decompressed
  private long arrived; // as sent, to bound what a refused body may make us read
  private long reservedUpFront;
  private boolean refusing; // for good: the connection is closed once the refused body is dropped
  private boolean ended; // the body's last piece is being read

  /** How much of a body over the given limit is read and dropped before giving up on it. */
  static long worthDiscarding(long limit) {
    return 4 * limit + (1 << 20);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest head) { // the codec sends a head alone, its body after it
      if (!refusing && begin(ctx, head)) {
        ctx.fireChannelRead(head);
      } else {
        ReferenceCountUtil.release(head);
      }
      return;
    }
    if (!(msg instanceof HttpContent content)) {
      ctx.fireChannelRead(msg);
      return;
    }
    arrived += content.content().readableBytes();
    ended = content instanceof LastHttpContent;
    if (refusing) {
      content.release();
      if (content instanceof LastHttpContent || arrived > worthDiscarding(exchange.admitted().bodyLimit())) {
        ctx.close();
      }
      return;
    }
    if (content.decoderResult().isFailure()) {
      content.release();
      Throwable cause = content.decoderResult().cause();
      refuse(ctx, Refusal.incompleteBody(cause.getMessage() == null ? cause.toString() : cause.getMessage()),
          Exchange.Then.CLOSE);
      return;
    }
    if (inflation == null) {
      int bytes = content.content().readableBytes();
      if (admit(ctx, bytes, bytes)) {
        ctx.fireChannelRead(content);
      } else {
        content.release();
      }
      return;
    }
    if (envelope) {
      check(ctx, content);
    } else {
      inflate(ctx, content);
    }
  }

  /** Takes a new request's head; false when the request is refused already. */
  private boolean begin(ChannelHandlerContext ctx, HttpRequest head) {
    closeInflation();
    exchange = Exchange.of(ctx.channel());
    ended = false;
    received = 0;
    arrived = 0;
    reservedUpFront = 0;
    inflation = Inflation.of(head.headers().get(HttpHeaderNames.CONTENT_ENCODING));
    envelope = exchange.admitted().endpoint().takesEnvelopes();
    if (inflation != null && envelope) {
      return true; // goes on as sent, its coding named: the decoder reads it inflated as a stream
    }
    if (inflation != null) {
      // What goes on is the decompressed body, of a length not known before its end.
      head.headers().remove(HttpHeaderNames.CONTENT_ENCODING);
      head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      HttpUtil.setTransferEncodingChunked(head, true);
      return true;
    }
    long declared = HttpUtil.getContentLength(head, 0L);
    if (declared > 0 && !exchange.reserve(InFlight.heapFor(envelope, declared, declared))) {
      refuse(ctx, Refusal.busy(), Exchange.Then.CLOSE);
      return false;
    }
    reservedUpFront = declared;
    return true;
  }

  private void inflate(ChannelHandlerContext ctx, HttpContent content) {
    try {
      inflation.input(content.content());
      for (ByteBuf piece = inflation.next(); piece != null; piece = inflation.next()) {
        if (!admit(ctx, piece.capacity(), 0)) {
          piece.release();
          return;
        }
        ctx.fireChannelRead(new DefaultHttpContent(piece));
      }
      if (content instanceof LastHttpContent last) {
        inflation.finish();
        closeInflation();
        passOnEnd(ctx, last);
      }
    } catch (Inflation.Damaged e) {
      refuse(ctx, Refusal.badEncoding(e.getMessage()), Exchange.Then.DROP_BODY_THEN_CLOSE);
    } finally {
      content.release();
    }
  }

  /**
   * A compressed envelope's body: inflated only to check its coding and count it, and passed on as sent,
   * gathered into direct buffers (what the connection read is let go at once), for the decoder to inflate
   * again as it reads. So a body that inflates a thousandfold is never held inflated before its line is
   * made.
   */
  private void check(ChannelHandlerContext ctx, HttpContent content) {
    try {
      ByteBuf bytes = content.content();
      inflation.input(bytes);
      for (int piece = inflation.skip(); piece > 0; piece = inflation.skip()) {
        if (!admit(ctx, piece, 0)) {
          return;
        }
      }
      if (!admit(ctx, 0, bytes.readableBytes())) {
        return;
      }
      while (bytes.isReadable()) {
        if (asSent == null) {
          asSent = ctx.alloc().directBuffer(AS_SENT_PIECE, AS_SENT_PIECE);
        }
        bytes.readBytes(asSent, Math.min(bytes.readableBytes(), asSent.writableBytes()));
        if (!asSent.isWritable()) {
          passOn(ctx);
        }
      }
      if (content instanceof LastHttpContent last) {
        inflation.finish();
        if (asSent != null) {
          passOn(ctx);
        }
        closeInflation();
        exchange.decompressed(received);
        passOnEnd(ctx, last);
      }
    } catch (Inflation.Damaged e) {
      refuse(ctx, Refusal.badEncoding(e.getMessage()), Exchange.Then.DROP_BODY_THEN_CLOSE);
    } finally {
      content.release();
    }
  }

  /** Ends the body passed on, with the trailing headers of the part that ended what was received. */
  private static void passOnEnd(ChannelHandlerContext ctx, LastHttpContent last) {
    LastHttpContent end = new DefaultLastHttpContent();
    end.trailingHeaders().set(last.trailingHeaders());
    ctx.fireChannelRead(end);
  }

  /** Passes on the piece gathered of a body as sent, in a buffer its size when it is mostly empty. */
  private void passOn(ChannelHandlerContext ctx) {
    ByteBuf piece = asSent;
    asSent = null;
    if (piece.readableBytes() < AS_SENT_PIECE / 2) {
      ByteBuf trimmed = ctx.alloc().directBuffer(piece.readableBytes()).writeBytes(piece);
      piece.release();
      piece = trimmed;
    }
    ctx.fireChannelRead(new DefaultHttpContent(piece));
  }

  /** Counts more of the body, decompressed and as sent; false when it is refused for it. */
  private boolean admit(ChannelHandlerContext ctx, int bytes, int bytesAsSent) {
    received += bytes;
    int limit = exchange.admitted().bodyLimit();
    if (received > limit) {
      refuse(ctx, Refusal.tooLarge(limit), Exchange.Then.DROP_BODY_THEN_CLOSE);
      return false;
    }
    if ((reservedUpFront == 0 || received > reservedUpFront)
        && !exchange.reserve(InFlight.heapFor(envelope, bytes, bytesAsSent))) {
      refuse(ctx, Refusal.busy(), Exchange.Then.DROP_BODY_THEN_CLOSE);
      return false;
    }
    return true;
  }

  /**
   * Refuses the request; closes the connection once the answer is out if told so or the body has ended.
   * What the aggregator gathered of the body is let go at once with it, not when the connection closes:
   * its memory goes back to the budget now.
   */
  private void refuse(ChannelHandlerContext ctx, Refusal refusal, Exchange.Then then) {
    refusing = true;
    closeInflation();
    if (ctx.pipeline().get(HttpObjectAggregator.class) != null) {
      ctx.pipeline().remove(HttpObjectAggregator.class);
    }
    exchange.refuse(refusal, received, ended ? Exchange.Then.CLOSE : then);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (refusing && !ended) {
      ctx.read(); // auto-read is off; keep draining the refused body
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    closeInflation();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeInflation();
    ctx.fireChannelInactive();
  }

  private void closeInflation() {
    if (inflation != null) {
      inflation.close();
      inflation = null;
    }
    if (asSent != null) {
      asSent.release();
      asSent = null;
    }
  }
}
