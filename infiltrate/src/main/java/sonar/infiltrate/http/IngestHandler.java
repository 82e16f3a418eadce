package sonar.infiltrate.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.ingest.ClusterNotAllowed;
import sonar.infiltrate.ingest.Envelopes;
import sonar.infiltrate.ingest.FreeCsv;
import sonar.infiltrate.ingest.Ingested;
import sonar.infiltrate.ingest.OldSysinfo;
import sonar.infiltrate.ingest.SampleBatches;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.store.Store;

/**
 * Decodes a whole request body into a batch on the event loop, by the format of its endpoint, hands it
 * to the store, and answers when the store reports it stored (200) or failed (503). A body with any bad
 * record is refused whole (400). Keeps count of requests in flight so that shutdown can wait for them;
 * once stopping, answers 503 and closes, so that nothing is stored that will not be answered. Shared by
 * all connections.
 */
@ChannelHandler.Sharable
final class IngestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final SampleBatches samples = new SampleBatches();
  private final FreeCsv freeCsv = new FreeCsv();
  private final OldSysinfo sysinfo = new OldSysinfo();
  private final Envelopes envelopes = new Envelopes();
  private final Access access;
  private final Store store;
  private final Metrics metrics;
  private final RequestLog log;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopping;

  IngestHandler(Access access, Store store, Metrics metrics, RequestLog log) {
    this.access = access;
    this.store = store;
    this.metrics = metrics;
    this.log = log;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    long started = System.nanoTime();
    Sender sender = Sender.user(ctx.channel().attr(RequestGate.USER).get());
    // Counted before looking at the flag, while shutdown sets the flag before counting: one of the two
    // sees the other, so no request is stored after shutdown stopped waiting for answers.
    inFlight.incrementAndGet();
    if (stopping) {
      refuse(ctx, request, sender, Refusal.shuttingDown(), /* keepAlive= */ false, started);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    Endpoint endpoint = Endpoint.of(request.uri());
    byte[] body = ByteBufUtil.getBytes(request.content());
    String requiredCluster = access.requiredCluster(sender.user());
    Ingested ingested;
    try {
      sender = sender.with(cluster(endpoint, request), null);
      if (endpoint == Endpoint.INSERT) {
        Envelopes.Message message = envelopes.read(body);
        sender = sender.with(message.cluster(), message.node());
        ingested = envelopes.ingest(message, body, Endpoint.topic(Endpoint.pathOf(request.uri())), requiredCluster);
      } else {
        ingested = decode(endpoint, body, sender.cluster(), requiredCluster);
      }
    } catch (IllegalArgumentException e) {
      refuse(ctx, request, sender, Refusal.badData(e.getMessage()), keepAlive, started);
      return;
    } catch (ClusterNotAllowed e) {
      refuse(ctx, request, sender, Refusal.clusterNotAllowed(e.getMessage()), keepAlive, started);
      return;
    } catch (RuntimeException e) { // a bug: the client still gets an answer, the log the trace
      log.failed(request.uri(), e);
      refuse(ctx, request, sender, Refusal.internalError(), /* keepAlive= */ false, started);
      return;
    }
    if (ingested.errorReport() != null) {
      metrics.errorReport(ingested.errorReport());
    }
    if (ingested.batch().isEmpty()) {
      answer(ctx, request, stored(ingested), keepAlive, 0, started);
      return;
    }
    String method = request.method().name();
    String uri = request.uri();
    long bodyBytes = request.content().readableBytes();
    int records = ingested.batch().records();
    Sender storing = sender;
    Store.Admission admission = store.submit(ingested.batch(), outcome -> {
      if (outcome.stored()) {
        log.answered(ctx, method, uri, 200, records, bodyBytes, started);
        Responses.send(ctx, stored(ingested), keepAlive);
      } else {
        Refusal refusal = Refusal.storageFailing(outcome.problem());
        log.refused(ctx, method, uri, storing, refusal, bodyBytes, started);
        Responses.send(ctx, Responses.of(refusal), keepAlive);
      }
      inFlight.decrementAndGet();
    });
    if (admission != Store.Admission.ACCEPTED) {
      Refusal refusal = admission == Store.Admission.BUSY ? Refusal.busy() : Refusal.shuttingDown();
      refuse(ctx, request, sender, refusal, keepAlive, started);
    }
  }

  private Ingested decode(Endpoint endpoint, byte[] body, String queryCluster, String requiredCluster) {
    return switch (endpoint) {
      case READINGS -> Ingested.of(samples.readings(body, 0, body.length, requiredCluster));
      case HEARTBEATS -> Ingested.of(samples.heartbeats(body, 0, body.length, requiredCluster));
      case FREE_CSV -> Ingested.of(freeCsv.batch(body, queryCluster, requiredCluster));
      case SYSINFO -> Ingested.of(sysinfo.batch(body, queryCluster, requiredCluster));
      default -> throw new IllegalStateException("no body to store at " + endpoint.path());
    };
  }

  /**
   * The {@code cluster} query parameter, which the free CSV and old sysinfo paths need; null for the
   * endpoints whose records name their cluster.
   */
  private static String cluster(Endpoint endpoint, FullHttpRequest request) {
    if (endpoint != Endpoint.FREE_CSV && endpoint != Endpoint.SYSINFO) {
      return null;
    }
    List<String> values = new QueryStringDecoder(request.uri()).parameters().get("cluster");
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("missing query parameter cluster, as in ?cluster=<cluster>");
    }
    return values.get(0);
  }

  private static FullHttpResponse stored(Ingested ingested) {
    return ingested.answer() == null ? Responses.stored() : Responses.json(ingested.answer());
  }

  private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, Sender sender, Refusal refusal,
      boolean keepAlive, long started) {
    log.refused(ctx, request.method().name(), request.uri(), sender, refusal, request.content().readableBytes(),
        started);
    Responses.send(ctx, Responses.of(refusal), keepAlive);
    inFlight.decrementAndGet();
  }

  private void answer(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response, boolean keepAlive,
      int records, long started) {
    log.answered(ctx, request.method().name(), request.uri(), response.status().code(), records,
        request.content().readableBytes(), started);
    Responses.send(ctx, response, keepAlive);
    inFlight.decrementAndGet();
  }

  /** Requests taken in and not yet answered. */
  int inFlight() {
    return inFlight.get();
  }

  /** From now on, answers every request with 503 and closes its connection. */
  void stop() {
    stopping = true;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
