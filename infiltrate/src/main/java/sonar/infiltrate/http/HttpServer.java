package sonar.infiltrate.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import sonar.infiltrate.auth.Access;
import sonar.infiltrate.dashboard.DashboardService;
import sonar.infiltrate.ingest.Intake;
import sonar.infiltrate.log.Log;
import sonar.infiltrate.log.RefusalLog;
import sonar.infiltrate.metrics.Metrics;
import sonar.infiltrate.metrics.Monitoring;
import sonar.infiltrate.reload.Reloader;
import sonar.infiltrate.tls.ServerTls;

/**
 * The HTTP side of the data logger: accepts connections on a plain HTTP port, an HTTPS port, or both,
 * and runs each through the pipeline built in {@link #initChannel}. Event loops only parse and route;
 * disk work happens in the store. Shutdown stops accepting, lets requests in flight finish, then closes
 * connections.
 */
public final class HttpServer implements AutoCloseable {

  /** Longest request line and header block a client may send. */
  private static final int MAX_INITIAL_LINE = 4096;
  private static final int MAX_HEADER_BYTES = 16384;
  /** Seconds between looks at the refusal log's counts, each logged once its minute is over. */
  private static final int REFUSAL_REPORTS = 10;

  private final HttpSettings settings;
  private final ServerTls tls;
  private final Metrics metrics;
  private final Log log;
  private final RefusalLog refusals;
  private final RequestLog requestLog;
  private final Admission admission;
  private final DashboardHandler dashboard;
  private final InFlight inFlight;
  private final ConnectionLimit connectionLimit;
  private final LocalEndpoints localEndpoints;
  private final IngestHandler ingest;
  /** One thread, so that large envelopes are decoded one at a time, beside the event loops. */
  private final ExecutorService largeBodies = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "large-bodies");
    thread.setDaemon(true);
    return thread;
  });
  private final Runnable reportLogins;
  private final EventLoopGroup group;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private Channel httpListener;
  private Channel httpsListener;

  /**
   * @param tls null when there is no HTTPS port
   * @param reloader what {@code POST /reload} asks to check now; null when nothing is watched
   * @param intake where accepted requests go: the store, or Kafka
   * @param dashboard null when the server serves no dashboard
   */
  public HttpServer(HttpSettings settings, Access access, ServerTls tls, Reloader reloader, Intake intake,
      Monitoring monitoring, Log log, DashboardService dashboard) {
    if (settings.httpsPort() >= 0 && tls == null) {
      throw new IllegalArgumentException("an HTTPS port needs a certificate and key");
    }
    this.settings = settings;
    this.tls = tls;
    this.metrics = monitoring.metrics();
    this.log = log;
    this.refusals = monitoring.refusals();
    this.requestLog = new RequestLog(log, metrics, refusals, settings.verbose());
    this.admission = new Admission(settings, access, dashboard);
    this.dashboard = dashboard == null ? null : new DashboardHandler(dashboard, requestLog);
    this.inFlight = new InFlight(settings.bodyMemoryBytes());
    this.connectionLimit = new ConnectionLimit(settings.maxConnections(), log);
    this.localEndpoints = new LocalEndpoints(intake, monitoring, reloader == null
        ? () -> CompletableFuture.completedFuture(new Reloader.Outcome(List.of(), List.of()))
        : reloader::checkNow);
    this.ingest = new IngestHandler(access, intake, metrics, requestLog, largeBodies);
    this.reportLogins = access::report;
    metrics.watch(intake::queuedBytes, intake::openFiles, connectionLimit::open);
    metrics.watchRequests(inFlight::requests, inFlight::reservedBytes);
    this.group = new MultiThreadIoEventLoopGroup(eventLoops(Runtime.getRuntime().availableProcessors()),
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /**
   * Event loops for so many cores: half of them, at least one. The other half is for the store's writer
   * and checkpoint threads and for the kernel, which does about half the work of storing a request
   * (sockets, journal, files). On 2 cores one loop answered more requests than two (bench/load.sh), as
   * it takes more ready connections per wake-up and leaves the writer a core.
   */
  static int eventLoops(int cores) {
    return Math.max(1, cores / 2);
  }

  /** @throws IOException with one line saying why a port cannot be used */
  public void start() throws IOException {
    try {
      if (settings.httpPort() >= 0) {
        httpListener = bind(settings.httpPort(), /* secure= */ false);
      }
      if (settings.httpsPort() >= 0) {
        httpsListener = bind(settings.httpsPort(), /* secure= */ true);
      }
    } catch (IOException e) {
      close(Duration.ZERO);
      throw e;
    }
    group.scheduleAtFixedRate(reportLogins, 1, 1, TimeUnit.MINUTES);
    group.scheduleAtFixedRate(refusals::report, REFUSAL_REPORTS, REFUSAL_REPORTS, TimeUnit.SECONDS);
  }

  private Channel bind(int port, boolean secure) throws IOException {
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel channel) {
            HttpServer.this.initChannel(channel, secure);
          }
        });
    try {
      return bootstrap.bind(new InetSocketAddress(port)).syncUninterruptibly().channel();
    } catch (Exception e) { // Netty rethrows the bind failure undeclared
      throw new IOException("cannot listen on port " + port + ": " + reason(e), e);
    }
  }

  /** The system's words for a failure, without the "bind(..) failed with error(-98): " of native transports. */
  private static String reason(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int error = message.indexOf("failed with error(");
    return error < 0 ? message : message.substring(message.indexOf("): ", error) + 3);
  }

  /** The whole pipeline, in order. */
  private void initChannel(Channel channel, boolean secure) {
    connections.add(channel);
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("limit", connectionLimit);
    if (secure) {
      SslHandler handshake = tls.newHandler(channel.alloc());
      handshake.handshakeFuture().addListener(done -> {
        if (!done.isSuccess()) {
          metrics.handshakeFailed();
        }
      });
      pipeline.addLast("tls", handshake);
    }
    pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 65536));
    pipeline.addLast("gate", new RequestGate(admission, requestLog, inFlight, settings.requestTimeout()));
    pipeline.addLast("body", new BodyReader());
    pipeline.addLast("aggregate",
        new HttpObjectAggregator(Math.max(settings.maxBodyBytes(), settings.maxEnvelopeBytes())));
    if (dashboard != null) {
      pipeline.addLast("dashboard", dashboard);
    }
    pipeline.addLast("local", localEndpoints);
    pipeline.addLast("ingest", ingest);
  }

  /** The plain HTTP port listened on, useful when the settings asked for any free one; -1 for none. */
  public int port() {
    return httpListener == null ? -1 : ((InetSocketAddress) httpListener.localAddress()).getPort();
  }

  /** The HTTPS port listened on; -1 for none. */
  public int httpsPort() {
    return httpsListener == null ? -1 : ((InetSocketAddress) httpsListener.localAddress()).getPort();
  }

  /** Connections open now. */
  public int connections() {
    return connectionLimit.open();
  }

  /**
   * Stops accepting connections, waits up to the given time for requests in flight to be answered,
   * then closes every connection and the event loops.
   */
  public void close(Duration wait) {
    ingest.stop();
    for (Channel listener : new Channel[] {httpListener, httpsListener}) {
      if (listener != null) {
        listener.close().syncUninterruptibly();
      }
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (inFlight.requests() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.requests() > 0) {
      log.warning(inFlight.requests() + " requests still in flight after " + wait + "; closing anyway");
    }
    connections.close().awaitUninterruptibly(wait.toMillis());
    group.shutdownGracefully(0, wait.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(wait.toMillis());
    largeBodies.shutdownNow();
    refusals.flush();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
