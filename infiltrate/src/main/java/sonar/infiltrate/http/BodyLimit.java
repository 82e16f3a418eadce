package sonar.infiltrate.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Counts a request body as it arrives, decompressed, against its endpoint's limit (set by the gate); past
 * it, answers 413 in the server's words, reads and drops the rest so that the client hears the answer
 * rather than a reset, and closes the connection. A body far over the limit is not read to its end. A
 * declared Content-Length over the limit is refused earlier, by the gate. One per connection.
 */
final class BodyLimit extends ChannelInboundHandlerAdapter {

  private final RequestLog log;
  private HttpRequest request;
  private long limit;
  private long received;
  private boolean refusing;

  BodyLimit(RequestLog log) {
    this.log = log;
  }

  /** How much of an oversized body is read and dropped before giving up on it. */
  static long worthDiscarding(long limit) {
    return 4 * limit + (1 << 20);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest head) {
      request = head;
      Integer endpointLimit = ctx.channel().attr(RequestGate.BODY_LIMIT).get();
      limit = endpointLimit == null ? Long.MAX_VALUE : endpointLimit;
      received = 0;
      refusing = false;
    }
    if (msg instanceof HttpContent content) {
      received += content.content().readableBytes();
      if (refusing || received > limit) {
        ReferenceCountUtil.release(msg);
        if (!refusing) {
          refusing = true;
          Refusal refusal = Refusal.tooLarge(limit);
          log.refused(ctx, request.method().name(), request.uri(),
              Sender.user(ctx.channel().attr(RequestGate.USER).get()), refusal, received, -1);
          ctx.writeAndFlush(Responses.of(refusal));
        }
        if (msg instanceof LastHttpContent || received > worthDiscarding(limit)) {
          ctx.close();
        }
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (refusing) {
      ctx.read(); // auto-read is off; keep draining the refused body
    }
    ctx.fireChannelReadComplete();
  }
}
