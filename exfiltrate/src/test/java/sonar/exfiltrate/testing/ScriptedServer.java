package sonar.exfiltrate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An HTTP(S) server on a free local port that records every request and answers from a script: each
 * request takes the next scripted answer, and 200 with an empty body once the script is used up. A gate
 * can hold the answer to a request until the test opens it. Deduplicating, it stands for a server that
 * honours idempotency keys: it "stores" a request only if its {@code Idempotency-Key} is new, and
 * answers 200 either way. Thread-safe.
 */
public final class ScriptedServer implements AutoCloseable {

  /** A request as the server saw it. */
  public record Request(String method, String target, String contentType, String authorization,
      String idempotencyKey, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return target + " " + text();
    }
  }

  /** An answer to give. */
  public record Response(int status, String body, String retryAfter) {
    public static Response of(int status, String body) {
      return new Response(status, body, null);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final List<Request> stored = new ArrayList<>();
  private final Set<String> keys = new HashSet<>();
  private boolean deduplicating;
  private boolean discarding;
  private long bytesReceived;
  private final Queue<Response> script = new ArrayDeque<>();
  private CountDownLatch arrived = new CountDownLatch(1);
  private CountDownLatch gate = new CountDownLatch(0);
  /** How many requests to let through before holding one; -1 when none is to be held. */
  private int holdAfter = -1;

  private ScriptedServer(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  public static ScriptedServer http() throws IOException {
    return new ScriptedServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16));
  }

  public static ScriptedServer https(SSLContext context) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    return new ScriptedServer(server);
  }

  public String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Stores each idempotency key's request once, as a server that honours the keys does. */
  public synchronized ScriptedServer deduplicating() {
    deduplicating = true;
    return this;
  }

  /** Keeps no request's body, only its length in {@link #bytesReceived}: for inputs larger than a test's heap. */
  public synchronized ScriptedServer discarding() {
    discarding = true;
    return this;
  }

  /** The bytes of all request bodies. */
  public synchronized long bytesReceived() {
    return bytesReceived;
  }

  /** The requests stored by a deduplicating server: one per key, in the order first received. */
  public synchronized List<Request> stored() {
    return List.copyOf(stored);
  }

  /** Answers the next requests with these, in order. */
  public synchronized ScriptedServer answer(Response... responses) {
    script.addAll(List.of(responses));
    return this;
  }

  /** Holds the answer to the next request until {@link #open} is called. */
  public synchronized void holdNext() {
    hold(0);
  }

  /** Lets this many requests through, then holds the answer to the next until {@link #open} is called. */
  public synchronized void hold(int after) {
    gate = new CountDownLatch(1);
    arrived = new CountDownLatch(1);
    holdAfter = after;
  }

  /** Waits until a held request has arrived. */
  public void awaitHeld() throws InterruptedException {
    CountDownLatch latch;
    synchronized (this) {
      latch = arrived;
    }
    if (!latch.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("no request arrived");
    }
  }

  public synchronized void open() {
    gate.countDown();
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Request request;
    synchronized (this) {
      bytesReceived += body.length;
      request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Authorization"),
          exchange.getRequestHeaders().getFirst("Idempotency-Key"), discarding ? new byte[0] : body);
    }
    Response response;
    CountDownLatch held = null;
    synchronized (this) {
      requests.add(request);
      response = script.isEmpty() ? Response.of(200, "") : script.poll();
      if (deduplicating && response.status() == 200 && keys.add(request.idempotencyKey())) {
        stored.add(request);
      }
      if (holdAfter == 0) {
        held = gate;
        arrived.countDown();
      }
      if (holdAfter >= 0) {
        holdAfter--;
      }
    }
    if (held != null) {
      try {
        held.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] answer = response.body().getBytes(StandardCharsets.UTF_8);
    if (response.retryAfter() != null) {
      exchange.getResponseHeaders().set("Retry-After", response.retryAfter());
    }
    exchange.sendResponseHeaders(response.status(), answer.length == 0 ? -1 : answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  @Override
  public void close() {
    open();
    server.stop(0);
  }
}
