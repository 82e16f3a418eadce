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
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import sonar.infiltrate.auth.Credentials;
import sonar.infiltrate.ingest.SampleBatches;
import sonar.infiltrate.log.Log;
import sonar.infiltrate.store.Store;

/**
 * The HTTP side of the data logger: accepts connections on one port and runs each through the pipeline
 * built in {@link #initChannel}. Event loops only parse and route; disk work happens in the store.
 * Shutdown stops accepting, lets requests in flight finish, then closes connections.
 */
public final class HttpServer implements AutoCloseable {

  /** Longest request line and header block a client may send. */
  private static final int MAX_INITIAL_LINE = 4096;
  private static final int MAX_HEADER_BYTES = 16384;

  /**
   * @param port 0 picks a free port
   * @param maxBodyBytes largest request body, after decompression
   * @param requestTimeout time a connection has to deliver a complete request, from when it connects or
   *     gets its previous answer
   * @param maxConnections connections open at once
   * @param verbose a log line per request
   */
  public record Settings(String host, int port, int maxBodyBytes, Duration requestTimeout, int maxConnections,
      boolean verbose) {

    public Settings {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, not " + port);
      }
      if (maxBodyBytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive, not " + maxBodyBytes);
      }
      if (requestTimeout.toSeconds() < 1) {
        throw new IllegalArgumentException("requestTimeout must be at least 1 s, not " + requestTimeout);
      }
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be positive, not " + maxConnections);
      }
    }
  }

  private final Settings settings;
  private final Credentials credentials;
  private final Store store;
  private final Log log;
  private final RequestLog requestLog;
  private final ConnectionLimit connectionLimit;
  private final IngestHandler ingest;
  private final EventLoopGroup group;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private Channel listener;

  /** @param credentials null to accept every request */
  public HttpServer(Settings settings, Credentials credentials, Store store, Log log) {
    this.settings = settings;
    this.credentials = credentials;
    this.store = store;
    this.log = log;
    this.requestLog = new RequestLog(log, settings.verbose());
    this.connectionLimit = new ConnectionLimit(settings.maxConnections(), log);
    this.ingest = new IngestHandler(new SampleBatches(), store, requestLog);
    this.group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /** @throws IOException with one line saying why the port cannot be used */
  public void start() throws IOException {
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel channel) {
            HttpServer.this.initChannel(channel);
          }
        });
    InetSocketAddress address = settings.host() == null
        ? new InetSocketAddress(settings.port())
        : new InetSocketAddress(settings.host(), settings.port());
    try {
      listener = bootstrap.bind(address).syncUninterruptibly().channel();
    } catch (Exception e) { // Netty rethrows the bind failure undeclared
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IOException("cannot listen on port " + settings.port() + ": " + reason(e), e);
    }
  }

  /** The system's words for a failure, without the "bind(..) failed with error(-98): " of native transports. */
  private static String reason(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int error = message.indexOf("failed with error(");
    return error < 0 ? message : message.substring(message.indexOf("): ", error) + 3);
  }

  /** The whole pipeline, in order. */
  private void initChannel(Channel channel) {
    connections.add(channel);
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("limit", connectionLimit);
    pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 65536));
    pipeline.addLast("gate", new RequestGate(settings, credentials, store, requestLog));
    pipeline.addLast("decompress", new HttpContentDecompressor(0));
    pipeline.addLast("body", new BodyLimit(settings.maxBodyBytes()));
    pipeline.addLast("ingest", ingest);
  }

  /** The port listened on, useful when the settings asked for any free one. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
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
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (ingest.inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (ingest.inFlight() > 0) {
      log.warning(ingest.inFlight() + " requests still in flight after " + wait + "; closing anyway");
    }
    connections.close().awaitUninterruptibly(wait.toMillis());
    group.shutdownGracefully(0, wait.toMillis(), TimeUnit.MILLISECONDS).awaitUninterruptibly(wait.toMillis());
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
