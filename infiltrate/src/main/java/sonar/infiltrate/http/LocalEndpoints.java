package sonar.infiltrate.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import sonar.infiltrate.ingest.Intake;
import sonar.infiltrate.metrics.Monitoring;
import sonar.infiltrate.reload.Reloader;

/**
 * The server's own endpoints: {@code /ping} (whether it can take data: store it, or hand it to Kafka),
 * {@code /metrics}, {@code /status}, and {@code /reload} (certificates and the auth file read again now, from the
 * server's own host only). They answer like every other request, once its body has arrived and through its
 * {@link Exchange}, so a request pipelined behind a reload waits for the reload's answer. Requests for
 * the other endpoints go on to be stored. Shared by all connections; thread-safe.
 */
@ChannelHandler.Sharable
final class LocalEndpoints extends ChannelInboundHandlerAdapter {

  private final Intake intake;
  private final Monitoring monitoring;
  private final Supplier<CompletableFuture<Reloader.Outcome>> reload;

  LocalEndpoints(Intake intake, Monitoring monitoring, Supplier<CompletableFuture<Reloader.Outcome>> reload) {
    this.intake = intake;
    this.monitoring = monitoring;
    this.reload = reload;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Exchange exchange = Exchange.of(ctx.channel());
    if (!(msg instanceof FullHttpRequest request) || exchange.admitted().endpoint().takesData()) {
      ctx.fireChannelRead(msg);
      return;
    }
    long bodyBytes = request.content().readableBytes();
    boolean head = request.method().equals(HttpMethod.HEAD);
    request.release();
    switch (exchange.admitted().endpoint()) {
      case PING -> exchange.answer(withoutBodyFor(head, ping()), 0, bodyBytes);
      case METRICS -> exchange.answer(withoutBodyFor(head, Responses.metrics(monitoring.metrics().scrape())), 0,
          bodyBytes);
      case STATUS -> exchange.answer(withoutBodyFor(head, Responses.text(monitoring.status().render())), 0, bodyBytes);
      case RELOAD -> reload.get().whenComplete((outcome, error) -> exchange.answer(error == null
          ? reloaded(outcome)
          : Responses.of(Refusal.internalError()), 0, bodyBytes));
      default -> throw new IllegalStateException("not a local endpoint: " + exchange.admitted().endpoint());
    }
  }

  private FullHttpResponse ping() {
    String problem = intake.problem();
    return problem == null ? Responses.text("ok\n") : Responses.of(Refusal.storageFailing(problem));
  }

  /** 200 saying what was put in service, or 409 naming what was refused and that the old one stays. */
  private static FullHttpResponse reloaded(Reloader.Outcome outcome) {
    if (!outcome.refused().isEmpty()) {
      return Responses.text(HttpResponseStatus.CONFLICT, String.join("; ", outcome.refused())
          + (outcome.reloaded().isEmpty() ? "" : "; reloaded " + String.join(", ", outcome.reloaded())) + "\n");
    }
    return Responses.text(outcome.reloaded().isEmpty()
        ? "nothing changed\n"
        : "reloaded " + String.join(", ", outcome.reloaded()) + "\n");
  }

  /** A HEAD request gets the headers of GET, Content-Length included, and no body. */
  private static FullHttpResponse withoutBodyFor(boolean head, FullHttpResponse response) {
    if (head) {
      response.content().clear();
    }
    return response;
  }
}
