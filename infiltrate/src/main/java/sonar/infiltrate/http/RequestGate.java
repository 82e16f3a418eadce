package sonar.infiltrate.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.dashboard.DashboardService;
import sonar.infiltrate.metrics.Monitoring;
import sonar.infiltrate.store.Store;

/**
 * Judges each request by its head, before any body is read: endpoint, method, credentials, content type
 * and encoding, declared length. A refused request is answered at once and its body read and dropped,
 * so the connection stays usable. Answers {@code /ping}, {@code /metrics}, {@code /status} and
 * {@code /reload} itself; lets the dashboard's readers through to {@link DashboardHandler}. Gives each request a deadline, counted from when the connection is ready for
 * it (connected, or the previous one answered) to its last byte: a connection that sends nothing in that
 * time is closed, one that is still sending gets 408.
 *
 * <p>Auto-read is off and the gate is the connection's flow control: the next request is let in only
 * when this one is answered, and a pipelined request that arrives early waits here, so answers go out
 * in order. One per connection.
 */
final class RequestGate extends ChannelDuplexHandler {

  private static final Set<String> SUPPORTED_ENCODINGS = Set.of("identity", "gzip", "x-gzip", "deflate");

  private enum State { WAITING, RECEIVING, DISCARDING, ANSWERING }

  /** The user whose credentials the current request carried; empty when there is no auth file. */
  static final AttributeKey<String> USER = AttributeKey.valueOf("sonar.user");
  /** The body limit of the current request's endpoint, for {@link BodyLimit}. */
  static final AttributeKey<Integer> BODY_LIMIT = AttributeKey.valueOf("sonar.bodyLimit");

  private final HttpServer.Settings settings;
  private final Access access;
  private final Store store;
  private final RequestLog log;
  private final Supplier<CompletableFuture<List<String>>> reload;
  private final Monitoring monitoring;
  private final DashboardService dashboard;

  private State state = State.ANSWERING;
  private ScheduledFuture<?> deadline;
  private boolean keepAliveAfterDiscard;
  private final ArrayDeque<Object> early = new ArrayDeque<>();

  RequestGate(HttpServer.Settings settings, Access access, Store store, RequestLog log,
      Supplier<CompletableFuture<List<String>>> reload, Monitoring monitoring, DashboardService dashboard) {
    this.settings = settings;
    this.access = access;
    this.store = store;
    this.log = log;
    this.reload = reload;
    this.monitoring = monitoring;
    this.dashboard = dashboard;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.fireChannelActive();
    ctx.channel().read();
  }

  /** A read asked for after an answer means the connection now waits for its next request. */
  @Override
  public void read(ChannelHandlerContext ctx) {
    if (state == State.ANSWERING) {
      state = State.WAITING;
      long seconds = settings.requestTimeout().toSeconds();
      deadline = ctx.executor().schedule(() -> timedOut(ctx, seconds), seconds, TimeUnit.SECONDS);
    }
    while (!early.isEmpty() && state != State.ANSWERING) {
      handle(ctx, early.poll());
    }
    if (state != State.ANSWERING) {
      ctx.read();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state == State.ANSWERING) {
      early.add(msg); // pipelined: judged after the answer to the request before it
    } else {
      handle(ctx, msg);
    }
  }

  private void handle(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      state = State.RECEIVING;
      judge(ctx, request, msg);
    } else if (state == State.DISCARDING) {
      ReferenceCountUtil.release(msg);
      if (msg instanceof LastHttpContent) {
        arrived();
        if (keepAliveAfterDiscard) {
          ctx.channel().read();
        } else {
          ctx.close();
        }
      }
    } else {
      if (msg instanceof LastHttpContent) {
        arrived();
      }
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (state == State.DISCARDING) {
      ctx.read();
    }
    ctx.fireChannelReadComplete();
  }

  private void judge(ChannelHandlerContext ctx, HttpRequest request, Object msg) {
    boolean complete = msg instanceof LastHttpContent;
    if (complete) {
      arrived();
    }
    if (!request.decoderResult().isSuccess()) {
      ReferenceCountUtil.release(msg);
      arrived();
      refuse(ctx, request, Responses.badRequest("malformed HTTP request: "
          + request.decoderResult().cause().getMessage()), /* keepAlive= */ false);
      return;
    }
    if (Endpoint.of(request.uri()) == Endpoint.RELOAD && request.method().equals(HttpMethod.POST)
        && fromThisHost(ctx)) {
      ReferenceCountUtil.release(msg);
      if (!complete) {
        state = State.DISCARDING;
        keepAliveAfterDiscard = HttpUtil.isKeepAlive(request);
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      reload.get().whenComplete((reloaded, error) -> ctx.executor().execute(() -> {
        FullHttpResponse answer = error != null
            ? Responses.unavailable("reload failed: " + error.getMessage(), Responses.RETRY_AFTER_BUSY_SECONDS)
            : Responses.text(reloaded.isEmpty()
                ? "nothing changed\n"
                : "reloaded " + String.join(", ", reloaded) + "\n");
        log.answered(ctx, request, answer.status().code(), 0);
        if (state == State.DISCARDING) {
          ctx.writeAndFlush(answer);
        } else {
          Responses.send(ctx, answer, keepAlive);
        }
      }));
      return;
    }
    FullHttpResponse refusal = refusal(ctx, request);
    if (refusal == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    ReferenceCountUtil.release(msg);
    // A body is read and dropped, so that the client hears the answer instead of a reset; one far over
    // any limit is not worth reading, and the connection is closed on it.
    boolean hopeless = HttpUtil.getContentLength(request, -1L) > BodyLimit.worthDiscarding(
        settings.bodyLimit(Endpoint.of(request.uri()) == Endpoint.INSERT));
    if (!complete && !hopeless) {
      state = State.DISCARDING;
    } else {
      arrived();
    }
    refuse(ctx, request, refusal, HttpUtil.isKeepAlive(request) && !hopeless);
  }

  /** The answer that refuses the request, or null to let it through. Answers pings too. */
  private FullHttpResponse refusal(ChannelHandlerContext ctx, HttpRequest request) {
    Endpoint endpoint = Endpoint.of(request.uri());
    if (endpoint == null) {
      return Responses.notFound(request.uri());
    }
    if (!endpoint.allows(request.method())) {
      return Responses.methodNotAllowed(endpoint, request.method().name());
    }
    if (endpoint == Endpoint.PING) {
      return forMethod(request, ping());
    }
    if (endpoint == Endpoint.METRICS) {
      return forMethod(request, Responses.metrics(monitoring.metrics().scrape()));
    }
    if (endpoint == Endpoint.STATUS) {
      return forMethod(request, Responses.text(monitoring.status().render()));
    }
    if (endpoint == Endpoint.RELOAD) {
      return Responses.forbidden("reload is only taken from the server's own host");
    }
    if (endpoint == Endpoint.DASHBOARD) {
      return dashboardRefusal(ctx, request);
    }
    Access.Decision decision = access.decide(request.headers().get(HttpHeaderNames.AUTHORIZATION), client(ctx));
    if (decision instanceof Access.Refused) {
      return Responses.unauthorized();
    }
    if (decision instanceof Access.Throttled throttled) {
      return Responses.throttled(Math.max(1, throttled.retryAfter().toSeconds()));
    }
    if (dashboard != null && dashboard.isReader(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      return Responses.forbidden("these are a dashboard reader's credentials, which cannot send data");
    }
    ctx.channel().attr(USER).set(((Access.Allowed) decision).user());
    String typeProblem = contentTypeProblem(request.headers().get(HttpHeaderNames.CONTENT_TYPE), endpoint.mediaType());
    if (typeProblem != null) {
      return Responses.unsupportedMediaType(typeProblem);
    }
    String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    if (encoding != null && !SUPPORTED_ENCODINGS.contains(encoding.strip().toLowerCase(Locale.ROOT))) {
      return Responses.unsupportedMediaType("unsupported Content-Encoding \"" + encoding + "\"; use gzip or deflate");
    }
    int limit = settings.bodyLimit(endpoint.takesEnvelopes());
    if (HttpUtil.getContentLength(request, -1L) > limit) {
      return Responses.tooLarge(limit);
    }
    ctx.channel().attr(BODY_LIMIT).set(limit);
    return null;
  }

  /**
   * The dashboard's admission, apart from the senders': its readers' credentials, never a sender's. The
   * request, which has no body to speak of, goes on to {@link DashboardHandler}.
   */
  private FullHttpResponse dashboardRefusal(ChannelHandlerContext ctx, HttpRequest request) {
    if (dashboard == null) {
      return Responses.notFound(request.uri());
    }
    DashboardService.Admission admission =
        dashboard.admit(request.headers().get(HttpHeaderNames.AUTHORIZATION), client(ctx));
    if (admission instanceof DashboardService.Refused) {
      return Responses.unauthorized(Responses.DASHBOARD_REALM);
    }
    if (admission instanceof DashboardService.Throttled throttled) {
      return Responses.throttled(throttled.retryAfterSeconds());
    }
    if (admission instanceof DashboardService.Forbidden forbidden) {
      return Responses.forbidden(forbidden.reason());
    }
    ctx.channel().attr(BODY_LIMIT).set(settings.maxBodyBytes());
    return null;
  }

  private FullHttpResponse ping() {
    String problem = store.problem();
    return problem == null
        ? Responses.pingOk()
        : Responses.unavailable(problem, Responses.RETRY_AFTER_FAILURE_SECONDS);
  }

  /** A HEAD request gets the headers of GET, Content-Length included, and no body. */
  private static FullHttpResponse forMethod(HttpRequest request, FullHttpResponse response) {
    if (request.method().equals(HttpMethod.HEAD)) {
      response.content().clear();
    }
    return response;
  }

  private static InetAddress client(ChannelHandlerContext ctx) {
    return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
  }

  private static boolean fromThisHost(ChannelHandlerContext ctx) {
    return client(ctx).isLoopbackAddress();
  }

  /** Null when the content type is the one wanted, with or without parameters, in UTF-8; else the problem. */
  static String contentTypeProblem(String contentType, String wanted) {
    if (contentType == null) {
      return "missing Content-Type; use " + wanted;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].strip().equalsIgnoreCase(wanted)) {
      return "unsupported Content-Type \"" + contentType + "\"; use " + wanted;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].strip().split("=", 2);
      if (parameter[0].strip().equalsIgnoreCase("charset") && parameter.length == 2
          && !parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
        return "unsupported charset in Content-Type \"" + contentType + "\"; send UTF-8";
      }
    }
    return null;
  }

  private void refuse(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse refusal, boolean keepAlive) {
    log.answered(ctx, request, refusal.status().code(), 0);
    if (state == State.DISCARDING) {
      keepAliveAfterDiscard = keepAlive;
      ctx.writeAndFlush(refusal); // the next request is read once this one's body is dropped
    } else {
      Responses.send(ctx, refusal, keepAlive);
    }
  }

  /** The whole request is in: stop its clock; the next read after the answer starts the next one. */
  private void arrived() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    state = State.ANSWERING;
  }

  private void timedOut(ChannelHandlerContext ctx, long seconds) {
    deadline = null;
    if (state == State.WAITING) {
      ctx.close(); // idle, or stuck in the middle of a request head
    } else {
      state = State.ANSWERING;
      ctx.writeAndFlush(Responses.requestTimeout(seconds)).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
      monitoring.metrics().handshakeFailed();
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (deadline != null) {
      deadline.cancel(false);
    }
    early.forEach(ReferenceCountUtil::release);
    early.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset or broken connection: there is nobody to answer
  }
}
