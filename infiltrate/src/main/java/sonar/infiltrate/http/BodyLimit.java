package sonar.infiltrate.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Gathers a request body, as received or as decompressed, up to the limit; past it, answers 413 in the
 * server's words and closes the connection, as the rest of the body will not be read. One per connection.
 */
final class BodyLimit extends HttpObjectAggregator {

  private final long limit;

  BodyLimit(int limit) {
    super(limit);
    this.limit = limit;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.writeAndFlush(Responses.tooLarge(limit)).addListener(ChannelFutureListener.CLOSE);
  }
}
