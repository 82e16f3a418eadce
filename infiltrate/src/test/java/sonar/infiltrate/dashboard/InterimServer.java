package sonar.infiltrate.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import sonar.dashboard.Answer;
import sonar.dashboard.Dashboard;
import sonar.dashboard.Request;
import sonar.dashboard.reports.Reports;
import sonar.dashboard.site.Site;

/** Serves the dashboard with the JDK's HTTP server behind one Basic login. */
final class InterimServer implements AutoCloseable {

  private final HttpServer server;

  InterimServer(Path reports, String user, String password) throws IOException {
    Dashboard dashboard = new Dashboard(new Site(), new Reports(reports), Clock.systemUTC());
    String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"dashboard\"");
          exchange.sendResponseHeaders(401, -1);
          return;
        }
        String encodings = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        Answer answer = dashboard.answer(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
            + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
            exchange.getRequestHeaders().getFirst("If-None-Match"), encodings != null && encodings.contains("gzip")));
        send(exchange, answer);
      }
    });
    server.start();
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      if (!header.getKey().equals("Date")) {
        exchange.getResponseHeaders().set(header.getKey(), header.getValue());
      }
    }
    boolean empty = answer.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(answer.status(), empty ? -1 : answer.body().length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    }
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
