package sonar.infiltrate.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Every answer the server gives, built in one place: a success is 200 with an empty body, as the reference
 * server answers, or with the text or JSON of its endpoint; a {@link Refusal} becomes its status, its
 * headers and its line of UTF-8 text.
 */
final class Responses {

  private Responses() {}

  static FullHttpResponse stored() {
    return response(HttpResponseStatus.OK, "");
  }

  static FullHttpResponse text(String body) {
    return response(HttpResponseStatus.OK, body);
  }

  static FullHttpResponse text(HttpResponseStatus status, String body) {
    return response(status, body);
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

  static FullHttpResponse of(Refusal refusal) {
    FullHttpResponse response = response(HttpResponseStatus.valueOf(refusal.status()), refusal.text() + "\n");
    refusal.headers().forEach(response.headers()::set);
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
}
