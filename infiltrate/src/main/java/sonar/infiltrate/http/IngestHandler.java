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
import sonar.infiltrate.ingest.Accepted;
import sonar.infiltrate.ingest.ClusterNotAllowed;
import sonar.infiltrate.ingest.Envelopes;
import sonar.infiltrate.ingest.FreeCsv;
import sonar.infiltrate.ingest.Ingested;
import sonar.infiltrate.ingest.Intake;
import sonar.infiltrate.ingest.OldSysinfo;
import sonar.infiltrate.ingest.SampleBatches;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.store.Batch;
import sonar.infiltrate.store.IdempotencyKey;
import sonar.infiltrate.store.Store;

/**
 * Decodes a whole request body into a batch on the event loop, by the format of its endpoint, hands it
 * to the intake (the store, or Kafka on a front end), and answers when that reports it safe (200) or
 * failed (503). A body with any bad
 * record, or a bad {@code Idempotency-Key}, is refused whole (400); a good key goes with the batch. Keeps
 * count of requests in flight so that shutdown can wait for them; once stopping, answers 503 and closes,
 * so that nothing is stored that will not be answered. Shared by all connections.
 */
@ChannelHandler.Sharable
final class IngestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final SampleBatches samples = new SampleBatches();
  private final FreeCsv freeCsv = new FreeCsv();
  private final OldSysinfo sysinfo = new OldSysinfo();
  private final Envelopes envelopes = new Envelopes();
  private final Access access;
  private final Intake intake;
  private final Metrics metrics;
  private final RequestLog log;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopping;

  IngestHandler(Access access, Intake intake, Metrics metrics, RequestLog log) {
    this.access = access;
    this.intake = intake;
    this.metrics = metrics;
    this.log = log;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    long started = System.nanoTime();
    // Counted before looking at the flag, while shutdown sets the flag before counting: one of the two
    // sees the other, so no request is stored after shutdown stopped waiting for answers.
    inFlight.incrementAndGet();
    if (stopping) {
      answer(ctx, request, Responses.unavailable("the server is shutting down; try again shortly",
          Responses.RETRY_AFTER_BUSY_SECONDS), /* keepAlive= */ false, 0, started);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    Endpoint endpoint = Endpoint.of(request.uri());
    Ingested ingested;
    Accepted accepted;
    try {
      String user = ctx.channel().attr(RequestGate.USER).get();
      List<String> keys = request.headers().getAll(IdempotencyKey.HEADER);
      IdempotencyKey key = IdempotencyKey.of(user, keys);
      byte[] body = ByteBufUtil.getBytes(request.content());
      ingested = decode(endpoint, request, body, access.requiredCluster(user));
      accepted = new Accepted(request.uri(), body, user, keys, ingested.batch().withIdempotencyKey(key));
    } catch (IllegalArgumentException e) {
      answer(ctx, request, Responses.badRequest(e.getMessage()), keepAlive, 0, started);
      return;
    } catch (ClusterNotAllowed e) {
      answer(ctx, request, Responses.forbidden(e.getMessage()), keepAlive, 0, started);
      return;
    } catch (RuntimeException e) { // a bug: the client still gets an answer, the log the trace
      log.failed(request.uri(), e);
      answer(ctx, request, Responses.internalError(), /* keepAlive= */ false, 0, started);
      return;
    }
    if (ingested.errorReport() != null) {
      metrics.errorReport(ingested.errorReport());
    }
    Batch batch = accepted.batch();
    if (batch.isEmpty()) {
      answer(ctx, request, stored(ingested), keepAlive, 0, started);
      return;
    }
    String method = request.method().name();
    String uri = request.uri();
    long bodyBytes = request.content().readableBytes();
    int records = batch.records();
    Store.Admission admission;
    try {
      admission = intake.submit(accepted, outcome -> {
        FullHttpResponse response = outcome.stored()
            ? stored(ingested)
            : Responses.unavailable(outcome.problem(), Responses.RETRY_AFTER_FAILURE_SECONDS);
        log.answered(ctx, method, uri, response.status().code(), records, bodyBytes, started);
        Responses.send(ctx, response, keepAlive);
        inFlight.decrementAndGet();
      });
    } catch (IllegalArgumentException e) { // a request this intake never takes
      answer(ctx, request, Responses.badRequest(e.getMessage()), keepAlive, 0, started);
      return;
    }
    if (admission != Store.Admission.ACCEPTED) {
      String problem = admission == Store.Admission.BUSY
          ? "the server is busy; try again shortly"
          : "the server is shutting down; try again shortly";
      answer(ctx, request, Responses.unavailable(problem, Responses.RETRY_AFTER_BUSY_SECONDS), keepAlive, 0, started);
    }
  }

  private Ingested decode(Endpoint endpoint, FullHttpRequest request, byte[] body, String requiredCluster) {
    return switch (endpoint) {
      case READINGS -> Ingested.of(samples.readings(body, 0, body.length, requiredCluster));
      case HEARTBEATS -> Ingested.of(samples.heartbeats(body, 0, body.length, requiredCluster));
      case FREE_CSV -> Ingested.of(freeCsv.batch(body, cluster(request), requiredCluster));
      case SYSINFO -> Ingested.of(sysinfo.batch(body, cluster(request), requiredCluster));
      case INSERT -> envelopes.ingest(body, Endpoint.topic(Endpoint.pathOf(request.uri())), requiredCluster);
      default -> throw new IllegalStateException("no body to store at " + endpoint.path());
    };
  }

  /** The {@code cluster} query parameter, which the free CSV and old sysinfo paths need. */
  private static String cluster(FullHttpRequest request) {
    List<String> values = new QueryStringDecoder(request.uri()).parameters().get("cluster");
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("missing query parameter cluster, as in ?cluster=<cluster>");
    }
    return values.get(0);
  }

  private static FullHttpResponse stored(Ingested ingested) {
    return ingested.answer() == null ? Responses.stored() : Responses.json(ingested.answer());
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
