package sonar.infiltrate.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import sonar.infiltrate.log.Log;
import sonar.infiltrate.log.RefusalLog;
import sonar.infiltrate.metrics.Metrics;

/**
 * Records every answer: in the request metrics; a refusal also in the refusal metrics and, unless it is
 * logged where it happens, in the {@link RefusalLog}; and with {@code -v} each as one log line (method,
 * path, status, records, time taken, client). Thread-safe.
 */
final class RequestLog {

  private final Log log;
  private final Metrics metrics;
  private final RefusalLog refusals;
  private final boolean verbose;

  RequestLog(Log log, Metrics metrics, RefusalLog refusals, boolean verbose) {
    this.log = log;
    this.metrics = metrics;
    this.refusals = refusals;
    this.verbose = verbose;
  }

  /** A request that hit a bug: always logged, with the trace. */
  void failed(String uri, Throwable e) {
    log.error("unexpected error handling " + uri, e);
  }

  void refused(Exchange exchange, Refusal refusal, long bodyBytes) {
    metrics.refused(exchange.label(), refusal.reason().label());
    if (!refusal.reason().loggedElsewhere()) {
      Sender sender = exchange.sender();
      String request = exchange.head().method().name() + " " + Endpoint.pathOf(exchange.head().uri());
      refusals.refused(request, sender.user(), address(exchange.channel().remoteAddress()) + sender.describe(),
          refusal.status(), refusal.text());
    }
    answered(exchange, refusal.status(), 0, bodyBytes);
  }

  void answered(Exchange exchange, int status, int records, long bodyBytes) {
    metrics.answered(exchange.label(), status, records, bodyBytes);
    if (verbose) {
      log.info(exchange.head().method().name() + " " + exchange.head().uri() + " " + status + " " + records
          + " records" + String.format(Locale.ROOT, " %.1f ms", (System.nanoTime() - exchange.started()) / 1e6)
          + " from " + exchange.channel().remoteAddress());
    }
  }

  private static String address(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
  }
}
