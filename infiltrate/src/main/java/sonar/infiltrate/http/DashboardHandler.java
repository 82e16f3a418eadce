package sonar.infiltrate.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import sonar.dashboard.Answer;
import sonar.dashboard.Request;
import sonar.infiltrate.dashboard.DashboardService;

/**
 * Answers the dashboard's requests, which the admission let in on a reader's credentials: hands each to
 * the dashboard's threads and answers through its {@link Exchange} when the answer is made, so the event
 * loop never waits for the disk and answers still go out in order. Other requests go on. Shared by all
 * connections; thread-safe.
 */
@ChannelHandler.Sharable
final class DashboardHandler extends ChannelInboundHandlerAdapter {

  private final DashboardService dashboard;
  private final RequestLog log;

  DashboardHandler(DashboardService dashboard, RequestLog log) {
    this.dashboard = dashboard;
    this.log = log;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Exchange exchange = Exchange.of(ctx.channel());
    if (!(msg instanceof FullHttpRequest request) || exchange.admitted().endpoint() != Endpoint.DASHBOARD) {
      ctx.fireChannelRead(msg);
      return;
    }
    long bodyBytes = request.content().readableBytes();
    boolean head = request.method().equals(HttpMethod.HEAD);
    String encodings = request.headers().get(HttpHeaderNames.ACCEPT_ENCODING);
    Request asked = new Request(request.method().name(), request.uri(),
        request.headers().get(HttpHeaderNames.IF_NONE_MATCH),
        encodings != null && encodings.toLowerCase(Locale.ROOT).contains("gzip"));
    request.release();
    dashboard.answer(asked).whenComplete((answer, failure) -> {
      if (failure == null) {
        exchange.answer(response(answer, head), 0, bodyBytes);
        return;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof RejectedExecutionException) {
        exchange.refuse(Refusal.dashboardBusy(), bodyBytes, Exchange.Then.NEXT_REQUEST);
      } else {
        log.failed(asked.target(), cause); // a bug: the client still gets an answer, the log the trace
        exchange.refuse(Refusal.internalError(), bodyBytes, Exchange.Then.CLOSE);
      }
    });
  }

  private static FullHttpResponse response(Answer answer, boolean head) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      response.headers().set(header.getKey(), header.getValue());
    }
    HttpUtil.setContentLength(response, answer.body().length);
    if (head) {
      response.content().clear(); // HEAD: the headers of GET, Content-Length included, and no body
    }
    return response;
  }
}
