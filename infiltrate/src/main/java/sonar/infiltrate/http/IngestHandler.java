package sonar.infiltrate.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.concurrent.atomic.AtomicInteger;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.ingest.ClusterNotAllowed;
import sonar.infiltrate.ingest.SampleBatches;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.Store;

/**
 * Decodes a whole request body into a batch on the event loop, hands it to the store, and answers when
 * the store reports it stored (200) or failed (503). A body with any bad record is refused whole (400).
 * Keeps count of requests in flight so that shutdown can wait for them. Shared by all connections.
 */
@ChannelHandler.Sharable
final class IngestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final SampleBatches batches;
  private final Access access;
  private final Store store;
  private final RequestLog log;
  private final AtomicInteger inFlight = new AtomicInteger();

  IngestHandler(SampleBatches batches, Access access, Store store, RequestLog log) {
    this.batches = batches;
    this.access = access;
    this.store = store;
    this.log = log;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    long started = System.nanoTime();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    Batch batch;
    try {
      String requiredCluster = access.requiredCluster(ctx.channel().attr(RequestGate.USER).get());
      batch = decode(Endpoint.of(request.uri()), request.content(), requiredCluster);
    } catch (IllegalArgumentException e) {
      answer(ctx, request, Responses.badRequest(e.getMessage()), keepAlive, 0, started);
      return;
    } catch (ClusterNotAllowed e) {
      answer(ctx, request, Responses.forbidden(e.getMessage()), keepAlive, 0, started);
      return;
    }
    if (batch.isEmpty()) {
      answer(ctx, request, Responses.stored(), keepAlive, 0, started);
      return;
    }
    String method = request.method().name();
    String uri = request.uri();
    long bodyBytes = request.content().readableBytes();
    inFlight.incrementAndGet();
    Store.Admission admission = store.submit(batch, outcome -> {
      FullHttpResponse response = outcome.stored()
          ? Responses.stored()
          : Responses.unavailable(outcome.problem(), Responses.RETRY_AFTER_FAILURE_SECONDS);
      log.answered(ctx, method, uri, response.status().code(), batch.records(), bodyBytes, started);
      Responses.send(ctx, response, keepAlive);
      inFlight.decrementAndGet();
    });
    if (admission != Store.Admission.ACCEPTED) {
      inFlight.decrementAndGet();
      String problem = admission == Store.Admission.BUSY
          ? "the server is busy; try again shortly"
          : "the server is shutting down; try again shortly";
      answer(ctx, request, Responses.unavailable(problem, Responses.RETRY_AFTER_BUSY_SECONDS), keepAlive, 0, started);
    }
  }

  private Batch decode(Endpoint endpoint, ByteBuf content, String requiredCluster) {
    byte[] body = ByteBufUtil.getBytes(content);
    return switch (endpoint) {
      case READINGS -> batches.readings(body, 0, body.length, requiredCluster);
      case HEARTBEATS -> batches.heartbeats(body, 0, body.length, requiredCluster);
      default -> throw new IllegalStateException("no body to store at " + endpoint.path());
    };
  }

  private void answer(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response, boolean keepAlive,
      int records, long started) {
    log.answered(ctx, request.method().name(), request.uri(), response.status().code(), records,
        request.content().readableBytes(), started);
    Responses.send(ctx, response, keepAlive);
  }

  /** Requests handed to the store and not yet answered. */
  int inFlight() {
    return inFlight.get();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
