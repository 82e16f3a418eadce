package sonar.infiltrate.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Every answer the server gives, in one place: the status for each situation and a UTF-8 text body that
 * names the problem. A success is 200 with an empty body, as the reference server answers.
 */
final class Responses {

  /** Seconds a client should wait after a storage failure, and after finding the server busy. */
  static final int RETRY_AFTER_FAILURE_SECONDS = 10;
  static final int RETRY_AFTER_BUSY_SECONDS = 1;

  private Responses() {}

  static FullHttpResponse stored() {
    return response(HttpResponseStatus.OK, "");
  }

  static FullHttpResponse pingOk() {
    return response(HttpResponseStatus.OK, "ok\n");
  }

  static FullHttpResponse badRequest(String problem) {
    return response(HttpResponseStatus.BAD_REQUEST, problem + "\n");
  }

  /** The realm of the senders' credentials, and of the dashboard readers', so that a browser asks for the right ones. */
  static final String SENDERS_REALM = "sonar";
  static final String DASHBOARD_REALM = "sonar dashboard";

  static FullHttpResponse unauthorized() {
    return unauthorized(SENDERS_REALM);
  }

  static FullHttpResponse unauthorized(String realm) {
    FullHttpResponse response =
        response(HttpResponseStatus.UNAUTHORIZED, "Unauthorized: valid credentials are needed\n");
    response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    return response;
  }

  static FullHttpResponse forbidden(String problem) {
    return response(HttpResponseStatus.FORBIDDEN, problem + "\n");
  }

  static FullHttpResponse throttled(long retryAfterSeconds) {
    FullHttpResponse response = response(HttpResponseStatus.TOO_MANY_REQUESTS,
        "too many failed logins from this address; try again in " + retryAfterSeconds + " s\n");
    response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
    return response;
  }

  static FullHttpResponse text(String body) {
    return response(HttpResponseStatus.OK, body);
  }

  static FullHttpResponse json(String body) {
    FullHttpResponse response = response(HttpResponseStatus.OK, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    return response;
  }

  static FullHttpResponse metrics(byte[] exposition) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
        Unpooled.wrappedBuffer(exposition));
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, exposition.length);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    return response;
  }

  static FullHttpResponse notFound(String path) {
    return response(HttpResponseStatus.NOT_FOUND, "no such endpoint: " + path + "\n");
  }

  static FullHttpResponse methodNotAllowed(Endpoint endpoint, String method) {
    FullHttpResponse response = response(HttpResponseStatus.METHOD_NOT_ALLOWED,
        method + " is not allowed on " + endpoint.path() + "; use " + endpoint.allowed() + "\n");
    response.headers().set(HttpHeaderNames.ALLOW, endpoint.allowed());
    return response;
  }

  static FullHttpResponse requestTimeout(long seconds) {
    return response(HttpResponseStatus.REQUEST_TIMEOUT, "the request was not complete within " + seconds + " s\n");
  }

  static FullHttpResponse tooLarge(long limit) {
    return response(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "the body is larger than the limit of " + limit + " bytes\n");
  }

  static FullHttpResponse unsupportedMediaType(String problem) {
    return response(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, problem + "\n");
  }

  static FullHttpResponse internalError() {
    return response(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error; the server's log has the details\n");
  }

  static FullHttpResponse unavailable(String problem, int retryAfterSeconds) {
    FullHttpResponse response = response(HttpResponseStatus.SERVICE_UNAVAILABLE, problem + "\n");
    response.headers().setInt(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
    return response;
  }

  private static FullHttpResponse response(HttpResponseStatus status, String body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    if (!body.isEmpty()) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    }
    return response;
  }

  /**
   * Sends a response; afterwards reads the next request on a keep-alive connection, or closes it.
   */
  static ChannelFuture send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ChannelFuture written = ctx.writeAndFlush(response);
    if (keepAlive) {
      written.addListener((ChannelFutureListener) future -> {
        if (future.isSuccess()) {
          future.channel().read();
        } else {
          future.channel().close();
        }
      });
    } else {
      written.addListener(ChannelFutureListener.CLOSE);
    }
    return written;
  }
}
