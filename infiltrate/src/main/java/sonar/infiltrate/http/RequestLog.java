package sonar.infiltrate.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import sonar.infiltrate.log.Log;
import sonar.infiltrate.metrics.Metrics;

/**
 * Records every answer: in the request metrics, and with {@code -v} as one log line (method, path,
 * status, records, time taken, client). Thread-safe.
 */
final class RequestLog {

  private final Log log;
  private final Metrics metrics;
  private final boolean verbose;

  RequestLog(Log log, Metrics metrics, boolean verbose) {
    this.log = log;
    this.metrics = metrics;
    this.verbose = verbose;
  }

  /** A request that hit a bug: always logged, with the trace. */
  void failed(String uri, RuntimeException e) {
    log.error("unexpected error handling " + uri, e);
  }

  void answered(ChannelHandlerContext ctx, HttpRequest request, int status, int records) {
    answered(ctx, request.method().name(), request.uri(), status, records, 0, -1);
  }

  void answered(ChannelHandlerContext ctx, String method, String uri, int status, int records, long bodyBytes,
      long startedNanos) {
    metrics.answered(Endpoint.label(uri), status, records, bodyBytes);
    if (!verbose) {
      return;
    }
    String took = startedNanos < 0
        ? ""
        : String.format(" %.1f ms", (System.nanoTime() - startedNanos) / 1e6);
    log.info(method + " " + uri + " " + status + " " + records + " records" + took + " from "
        + ctx.channel().remoteAddress());
  }
}
