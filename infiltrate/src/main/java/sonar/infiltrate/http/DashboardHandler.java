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
 * Answers the dashboard's requests, which the gate has admitted: hands each to the dashboard's threads
 * and sends the answer when it is made, so the event loop never waits for the disk. Other requests go on.
 * Shared by all connections; thread-safe.
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
    if (!(msg instanceof FullHttpRequest request) || Endpoint.of(request.uri()) != Endpoint.DASHBOARD) {
      ctx.fireChannelRead(msg);
      return;
    }
    long started = System.nanoTime();
    String method = request.method().name();
    String uri = request.uri();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean head = request.method().equals(HttpMethod.HEAD);
    String encodings = request.headers().get(HttpHeaderNames.ACCEPT_ENCODING);
    Request asked = new Request(method, uri, request.headers().get(HttpHeaderNames.IF_NONE_MATCH),
        encodings != null && encodings.toLowerCase(Locale.ROOT).contains("gzip"));
    request.release();
    dashboard.answer(asked).whenComplete((answer, failure) -> {
      FullHttpResponse response = failure == null ? response(answer, head) : failed(failure, uri);
      log.answered(ctx, method, uri, response.status().code(), 0, 0, started);
      Responses.send(ctx, response, keepAlive);
    });
  }

  private FullHttpResponse failed(Throwable failure, String uri) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof RejectedExecutionException) {
      return Responses.unavailable("the dashboard is busy; try again shortly", Responses.RETRY_AFTER_BUSY_SECONDS);
    }
    log.failed(uri, cause instanceof RuntimeException bug ? bug : new IllegalStateException(cause));
    return Responses.internalError();
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
