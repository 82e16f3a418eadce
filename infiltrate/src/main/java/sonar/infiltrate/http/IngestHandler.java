package sonar.infiltrate.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.ingest.Accepted;
import sonar.infiltrate.ingest.Body;
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
 * Decodes a whole request body into a batch on the event loop (a large envelope on a thread of its own),
 * by the format of its endpoint, hands it to the intake (the store, or Kafka on a front end), and
 * answers when that reports it safe (200) or failed (503). A body with any bad record, or a bad {@code
 * Idempotency-Key}, is refused whole (400); a good key goes with the batch. Once stopping, answers 503
 * and closes, so that nothing is stored that will not be answered. Shared by all connections.
 */
@ChannelHandler.Sharable
final class IngestHandler extends ChannelInboundHandlerAdapter {

  /**
   * An envelope larger than this, decompressed, is decoded on the thread for large bodies, not on the event
   * loop: a 30 MB one takes some 0.3 s of CPU, which would hold up every request of the loop's connections
   * behind it. It is read from its body as sent, not copied whole to the heap first.
   */
  static final long LARGE_BODY_BYTES = 1 << 20;

  private final SampleBatches samples = new SampleBatches();
  private final FreeCsv freeCsv = new FreeCsv();
  private final OldSysinfo sysinfo = new OldSysinfo();
  private final Envelopes envelopes = new Envelopes();
  private final Access access;
  private final Intake intake;
  private final Metrics metrics;
  private final RequestLog log;
  private final Executor largeBodies;
  private volatile boolean stopping;

  /** @param largeBodies where large envelopes are decoded, one at a time */
  IngestHandler(Access access, Intake intake, Metrics metrics, RequestLog log, Executor largeBodies) {
    this.largeBodies = largeBodies;
    this.access = access;
    this.intake = intake;
    this.metrics = metrics;
    this.log = log;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    FullHttpRequest request = (FullHttpRequest) msg;
    Exchange exchange = Exchange.of(ctx.channel());
    String coding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    boolean compressed = Inflation.codes(coding); // an envelope as sent (BodyReader)
    if (compressed
        || (request.content().readableBytes() > LARGE_BODY_BYTES && exchange.admitted().endpoint().takesEnvelopes())) {
      readAsSent(exchange, request, compressed ? coding : null);
      return;
    }
    long bodyBytes = request.content().readableBytes();
    // The body is copied out and its buffer let go at once: a large one is not held twice while decoded.
    Body body = Body.of(ByteBufUtil.getBytes(request.content()));
    List<String> keys = request.headers().getAll(IdempotencyKey.HEADER);
    request.release();
    handle(exchange, body, keys, bodyBytes);
  }

  /**
   * Decodes a large envelope, or a compressed one, from its body as it was sent, where it stays (in
   * direct memory, off the heap) until its line is made: inflated again as it is read, when compressed.
   * A large one is decoded on the thread for large bodies.
   *
   * @param coding the content coding, null for none
   */
  private void readAsSent(Exchange exchange, FullHttpRequest request, String coding) {
    ByteBuf asSent = request.content();
    long bodyBytes = coding == null ? asSent.readableBytes() : exchange.decompressed();
    Body body = Body.readAgain(() -> coding == null
        ? new ByteBufInputStream(asSent.duplicate())
        : Reinflation.of(coding, asSent.duplicate()));
    List<String> keys = request.headers().getAll(IdempotencyKey.HEADER);
    Runnable decode = () -> {
      try {
        handle(exchange, body, keys, bodyBytes);
      } finally {
        request.release();
      }
    };
    if (bodyBytes <= LARGE_BODY_BYTES) {
      decode.run();
      return;
    }
    try {
      largeBodies.execute(decode);
    } catch (RejectedExecutionException e) { // the server is closing
      request.release();
      exchange.refuse(Refusal.shuttingDown(), bodyBytes, Exchange.Then.CLOSE);
    }
  }

  private void handle(Exchange exchange, Body body, List<String> keys, long bodyBytes) {
    // The exchange was counted in flight before this flag is read, while shutdown sets the flag before it
    // waits for requests in flight: one of the two sees the other, so no request is stored unanswered.
    if (stopping) {
      exchange.refuse(Refusal.shuttingDown(), bodyBytes, Exchange.Then.CLOSE);
      return;
    }
    Ingested ingested;
    Accepted accepted;
    try {
      IdempotencyKey key = IdempotencyKey.of(exchange.sender().user(), keys);
      ingested = decode(exchange, body);
      accepted = new Accepted(exchange.head().uri(), body, exchange.sender().user(), keys,
          ingested.batch().withIdempotencyKey(key));
    } catch (IllegalArgumentException e) {
      exchange.refuse(Refusal.badData(e.getMessage()), bodyBytes, Exchange.Then.NEXT_REQUEST);
      return;
    } catch (ClusterNotAllowed e) {
      exchange.refuse(Refusal.clusterNotAllowed(e.getMessage()), bodyBytes, Exchange.Then.NEXT_REQUEST);
      return;
    } catch (RuntimeException e) { // a bug: the client still gets an answer, the log the trace
      log.failed(exchange.head().uri(), e);
      exchange.refuse(Refusal.internalError(), bodyBytes, Exchange.Then.CLOSE);
      return;
    }
    if (ingested.clusterWithErrors() != null) {
      metrics.errorReport(ingested.clusterWithErrors());
    }
    Batch batch = accepted.batch();
    if (batch.isEmpty()) {
      exchange.answer(stored(ingested), 0, bodyBytes);
      return;
    }
    int records = batch.records();
    Store.Admission admission;
    try {
      admission = intake.submit(accepted, outcome -> {
        if (outcome.stored()) {
          exchange.answer(stored(ingested), records, bodyBytes);
        } else {
          exchange.refuse(Refusal.storageFailing(outcome.problem()), bodyBytes, Exchange.Then.NEXT_REQUEST);
        }
      });
    } catch (IllegalArgumentException e) { // a request this intake never takes
      exchange.refuse(Refusal.badData(e.getMessage()), bodyBytes, Exchange.Then.NEXT_REQUEST);
      return;
    }
    if (admission != Store.Admission.ACCEPTED) {
      Refusal refusal = admission == Store.Admission.BUSY ? Refusal.busy() : Refusal.shuttingDown();
      exchange.refuse(refusal, bodyBytes, Exchange.Then.NEXT_REQUEST);
    }
  }

  /** The batch a body makes, telling the exchange what the body says of who sent it as that is learnt. */
  private Ingested decode(Exchange exchange, Body body) {
    String uri = exchange.head().uri();
    String requiredCluster = access.requiredCluster(exchange.sender().user());
    Endpoint endpoint = exchange.admitted().endpoint();
    if (endpoint == Endpoint.INSERT) {
      Envelopes.Message message = envelopes.read(body);
      exchange.sentBy(message.cluster(), message.node());
      return envelopes.ingest(message, body, Endpoint.topicOf(uri), requiredCluster);
    }
    byte[] bytes = body.held(); // only an envelope's body is kept as sent
    if (endpoint == Endpoint.READINGS) {
      return Ingested.of(samples.readings(bytes, requiredCluster));
    }
    if (endpoint == Endpoint.HEARTBEATS) {
      return Ingested.of(samples.heartbeats(bytes, requiredCluster));
    }
    String cluster = Query.parameter(uri, "cluster");
    if (cluster == null) {
      throw new IllegalArgumentException("missing query parameter cluster, as in ?cluster=<cluster>");
    }
    exchange.sentBy(cluster, null);
    return Ingested.of(endpoint == Endpoint.FREE_CSV
        ? freeCsv.batch(bytes, cluster, requiredCluster)
        : sysinfo.batch(bytes, cluster, requiredCluster));
  }

  private static FullHttpResponse stored(Ingested ingested) {
    return ingested.answer() == null ? Responses.stored() : Responses.json(ingested.answer());
  }

  /** From now on, answers every request with 503 and closes its connection. */
  void stop() {
    stopping = true;
  }

  /** A bug in a handler before this one, or one the event loop could not survive (out of memory). */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Exchange exchange = Exchange.of(ctx.channel());
    // Netty's aggregator reports a connection closed mid-body, which the body reader may have closed itself.
    if (!(cause instanceof IOException || cause instanceof PrematureChannelClosureException)) {
      log.failed(exchange == null ? "a request" : exchange.head().uri(), cause);
    }
    if (exchange != null) {
      exchange.refuse(Refusal.internalError(), 0, Exchange.Then.CLOSE);
    } else {
      ctx.close();
    }
  }
}
