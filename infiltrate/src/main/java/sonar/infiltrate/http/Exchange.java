package sonar.infiltrate.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request, from when the gate takes its head until it is answered or its connection closes: what it
 * asked for, who sent it, and the memory its body holds. Every answer goes out through {@link #answer}
 * or {@link #refuse}, which record it, send it, then let the connection's next request in or close it;
 * the request's place in flight and its memory are given back exactly once: at the answer, or when the
 * connection closes while the request is still arriving (the gate sees to that). A request in whole holds
 * them until its answer even if its connection closes first, since its decoding and storing go on and
 * hold its body. The gate hands it on in the channel's one attribute, {@link #KEY}. Used on its
 * connection's event loop, except that a stored request is answered from the store's writer thread, and a
 * large envelope is decoded, and may be refused, on the thread for large bodies.
 */
final class Exchange {

  static final AttributeKey<Exchange> KEY = AttributeKey.valueOf("sonar.exchange");

  /** What the connection does once the answer is written. */
  enum Then {
    /** Read the next request, or close when the client asked for that. */
    NEXT_REQUEST,
    /** Close the connection. */
    CLOSE,
    /** The body is read on and dropped by whoever refused it, then the next request is read. */
    DROP_BODY,
    /** The body is read on and dropped by whoever refused it, then the connection is closed. */
    DROP_BODY_THEN_CLOSE
  }

  private final Channel channel;
  private final HttpRequest head;
  private final Admission.Admitted admitted;
  private final String label;
  private final RequestLog log;
  private final InFlight inFlight;
  private final long started = System.nanoTime();
  private final long ticket;
  private final AtomicBoolean answered = new AtomicBoolean();
  private final AtomicBoolean over = new AtomicBoolean(); // its place in flight and memory given back
  private final boolean counted; // in flight: a request with data, which shutdown waits for
  private volatile Sender sender;
  private long decompressed;

  Exchange(Channel channel, HttpRequest head, Admission.Verdict verdict, RequestLog log, InFlight inFlight) {
    this.channel = channel;
    this.head = head;
    this.admitted = verdict instanceof Admission.Admitted admission ? admission : null;
    this.label = Endpoint.label(verdict.endpoint(), head.uri());
    this.log = log;
    this.inFlight = inFlight;
    this.sender = Sender.user(admitted == null ? null : admitted.user());
    this.counted = admitted != null && admitted.endpoint().takesData();
    this.ticket = inFlight.ticket();
    if (counted) {
      inFlight.started();
    }
  }

  static Exchange of(Channel channel) {
    return channel.attr(KEY).get();
  }

  /** What the admission found; null for a request the gate refused. */
  Admission.Admitted admitted() {
    return admitted;
  }

  HttpRequest head() {
    return head;
  }

  Channel channel() {
    return channel;
  }

  /** The endpoint as a metrics label. */
  String label() {
    return label;
  }

  /** When the request came in, by {@link System#nanoTime}. */
  long started() {
    return started;
  }

  Sender sender() {
    return sender;
  }

  /** Adds what the body says of who sent it, for the log. */
  void sentBy(String cluster, String node) {
    sender = sender.with(cluster, node);
  }

  /** Reserves that much more heap for the body; false when the budget has no room for it now, or it is answered. */
  synchronized boolean reserve(long heap) {
    return !over.get() && inFlight.reserve(ticket, heap);
  }

  /** Bytes of the body decompressed, for a body passed on as sent; set once it has ended. */
  void decompressed(long bytes) {
    decompressed = bytes;
  }

  long decompressed() {
    return decompressed;
  }

  void answer(FullHttpResponse response, int records, long bodyBytes) {
    if (!answered.compareAndSet(false, true)) {
      response.release();
      return;
    }
    log.answered(this, response.status().code(), records, bodyBytes);
    send(response, HttpUtil.isKeepAlive(head) ? Then.NEXT_REQUEST : Then.CLOSE);
  }

  /** Refuses the request; once it is answered (a timeout after a refusal, say), only closes if told to. */
  void refuse(Refusal refusal, long bodyBytes, Then then) {
    if (!answered.compareAndSet(false, true)) {
      if (then == Then.CLOSE) {
        channel.close();
      }
      return;
    }
    log.refused(this, refusal, bodyBytes);
    boolean keepAlive = HttpUtil.isKeepAlive(head);
    send(Responses.of(refusal), then == Then.NEXT_REQUEST && !keepAlive ? Then.CLOSE
        : then == Then.DROP_BODY && !keepAlive ? Then.DROP_BODY_THEN_CLOSE
        : then);
  }

  private void send(FullHttpResponse response, Then then) {
    end();
    if (then == Then.CLOSE || then == Then.DROP_BODY_THEN_CLOSE) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    if (channel.eventLoop().inEventLoop()) {
      write(response, then);
    } else { // answered from the store's writer: one task for the loop, not one for the write and one for the read
      channel.eventLoop().execute(() -> write(response, then));
    }
  }

  /**
   * On the event loop. The next request is let in as soon as the answer is queued: answers go out in
   * order all the same, and no promise and listener are made for each. A write that fails reaches the
   * gate's {@code exceptionCaught}, which closes the connection.
   */
  private void write(FullHttpResponse response, Then then) {
    switch (then) {
      case NEXT_REQUEST -> {
        channel.writeAndFlush(response, channel.voidPromise());
        channel.read();
      }
      case CLOSE -> channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      case DROP_BODY, DROP_BODY_THEN_CLOSE -> channel.writeAndFlush(response);
    }
  }

  /** Gives back the request's place in flight and its memory; only the first call counts. */
  void end() {
    if (over.compareAndSet(false, true)) {
      synchronized (this) { // after a reservation under way
        inFlight.release(ticket);
      }
      if (counted) {
        inFlight.ended();
      }
    }
  }
}
