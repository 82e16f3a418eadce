package sonar.infiltrate.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection's flow control and request deadline. Auto-read is off: one request is let in at a time,
 * the next only once this one is answered (its {@link Exchange} reads on), so a pipelined request waits
 * here and answers go out in order. A head is judged by the {@link Admission} before any body is read: an
 * admitted request goes on with its exchange in the channel's attribute; a refused one is answered at
 * once and its body read and dropped, or its connection closed. The deadline runs from when the
 * connection is ready for a request (connected, or the previous one answered) to its last byte: silent
 * till then, the connection is closed; still sending, it gets 408. One per connection.
 */
final class RequestGate extends ChannelDuplexHandler {

  private enum State { WAITING, RECEIVING, DISCARDING, ANSWERING }

  private final Admission admission;
  private final RequestLog log;
  private final InFlight inFlight;
  private final Duration timeout;
  private final ArrayDeque<Object> early = new ArrayDeque<>();

  private State state = State.ANSWERING;
  private ScheduledFuture<?> deadline;
  private Exchange current;

  RequestGate(Admission admission, RequestLog log, InFlight inFlight, Duration timeout) {
    this.admission = admission;
    this.log = log;
    this.inFlight = inFlight;
    this.timeout = timeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.fireChannelActive();
    ctx.channel().read();
  }

  /** A read asked for after an answer means the connection now waits for its next request. */
  @Override
  public void read(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      return; // closed after a refusal: the requests that came behind it are not taken
    }
    if (state == State.ANSWERING) {
      state = State.WAITING;
      deadline = ctx.executor().schedule(() -> timedOut(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
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
    if (msg instanceof HttpRequest head) {
      state = State.RECEIVING;
      admit(ctx, head, msg);
      return;
    }
    boolean last = msg instanceof LastHttpContent;
    if (state == State.DISCARDING) {
      ReferenceCountUtil.release(msg);
      if (last) {
        arrived();
        if (HttpUtil.isKeepAlive(current.head())) {
          ctx.channel().read(); // the refusal went out already
        } else {
          ctx.close();
        }
      }
      return;
    }
    if (last) {
      arrived();
    }
    ctx.fireChannelRead(msg);
  }

  private void admit(ChannelHandlerContext ctx, HttpRequest head, Object msg) {
    Admission.Verdict verdict =
        admission.judge(head, ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress());
    current = new Exchange(ctx.channel(), head, verdict, log, inFlight);
    boolean whole = msg instanceof LastHttpContent;
    if (verdict instanceof Admission.Refused refused) {
      ReferenceCountUtil.release(msg);
      if (whole || refused.close()) {
        arrived();
      } else {
        state = State.DISCARDING;
      }
      current.refuse(refused.refusal(), 0, refused.close() ? Exchange.Then.CLOSE
          : whole ? Exchange.Then.NEXT_REQUEST : Exchange.Then.DROP_BODY);
      return;
    }
    if (whole) {
      arrived();
    }
    ctx.channel().attr(Exchange.KEY).set(current);
    ctx.fireChannelRead(msg);
  }

  /**
   * Asks for the next read while a request is answered too, unless one came early: the read is then
   * pending when the answer lets the next request in, so the socket's read interest is not taken off the
   * poller and put back for every request (two system calls each). What that read brings waits in
   * {@link #early}; only one buffer of it, as the next is not asked for.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (state == State.DISCARDING || (state == State.ANSWERING && early.isEmpty() && ctx.channel().isActive())) {
      ctx.read();
    }
    ctx.fireChannelReadComplete();
  }

  /** The whole request is in: stop its clock; the next read after the answer starts the next one. */
  private void arrived() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    state = State.ANSWERING;
  }

  private void timedOut(ChannelHandlerContext ctx) {
    deadline = null;
    State was = state;
    state = State.ANSWERING;
    if (was == State.RECEIVING) {
      current.refuse(Refusal.timeout(timeout.toSeconds()), 0, Exchange.Then.CLOSE);
    } else {
      ctx.close(); // idle, stuck in the middle of a request head, or dropping a refused body
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (deadline != null) {
      deadline.cancel(false);
    }
    // A request still arriving holds nothing any more. One in whole is being decoded or stored, with its
    // body on the heap: it keeps its memory counted until its answer (sent nowhere), so that the budget
    // still bounds the heap.
    if (current != null && state == State.RECEIVING) {
      current.end();
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
