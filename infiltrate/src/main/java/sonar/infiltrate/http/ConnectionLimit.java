package sonar.infiltrate.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import sonar.infiltrate.log.Log;

/**
 * Closes a new connection at once when the server already has as many as it may, so that a flood of
 * connections costs file descriptors only up to the limit. Logs the first refusal of each burst. Shared
 * by all connections; thread-safe.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

  private final Log log;
  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean refusing;

  ConnectionLimit(int max, Log log) {
    this.max = max;
    this.log = log;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (open.incrementAndGet() > max) {
      if (!refusing) {
        refusing = true;
        log.warning("refusing connections: " + max + " are open, the limit");
      }
      ctx.close();
      return;
    }
    if (refusing && open.get() < max) {
      refusing = false;
      log.info("taking connections again");
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    open.decrementAndGet();
    ctx.fireChannelInactive();
  }

  int open() {
    return open.get();
  }
}
