package sonar.infiltrate.http;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import sonar.infiltrate.log.Log;
import sonar.infiltrate.log.RefusalLog;
import sonar.infiltrate.metrics.Metrics;

/**
 * Records every answer: in the request metrics; a refusal also in the refusal metrics and, unless it is
 * logged where it happens, in the {@link RefusalLog}; and with {@code -v} each as one log line (method, path, status, records, time taken,
 * client). Thread-safe.
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

  void refused(Channel channel, String method, String uri, Sender sender, Refusal refusal, long bodyBytes,
      long startedNanos) {
    metrics.refused(Endpoint.label(uri), refusal.reason().label());
    if (!refusal.reason().loggedElsewhere()) {
      refusals.refused(method + " " + Endpoint.pathOf(uri), sender.user(),
          address(channel.remoteAddress()) + sender.describe(), refusal.status(), refusal.text());
    }
    answered(channel, method, uri, refusal.status(), 0, bodyBytes, startedNanos);
  }

  /** @param startedNanos when the request came in, by {@link System#nanoTime} */
  void answered(Channel channel, String method, String uri, int status, int records, long bodyBytes,
      long startedNanos) {
    metrics.answered(Endpoint.label(uri), status, records, bodyBytes);
    if (!verbose) {
      return;
    }
    String took = String.format(Locale.ROOT, " %.1f ms", (System.nanoTime() - startedNanos) / 1e6);
    log.info(method + " " + uri + " " + status + " " + records + " records" + took + " from "
        + channel.remoteAddress());
  }

  private static String address(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
  }
}
