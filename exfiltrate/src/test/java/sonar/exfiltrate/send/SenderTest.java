package sonar.exfiltrate.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import sonar.exfiltrate.batch.Batch;

/**
 * The sender's HTTP/1.1 against a server that answers with exact bytes: every way a server may frame an
 * answer, keep-alive, and a kept connection that the server closed meanwhile.
 */
class SenderTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Batch BATCH = new Batch("/sonar-reading", "application/json", 1,
      "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8));

  private final RawServer server = new RawServer();

  @AfterEach
  void tearDown() throws IOException {
    server.close();
  }

  @Test
  void writesAPostWithItsHeadersAndBody() throws Exception {
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    Sender sender = new Sender(server.url(), new BasicAuth("u", "p"), null);

    assertThat(sender.post(BATCH, "n1/f.input/0/0000abcd", TIMEOUT, TIMEOUT).status()).isEqualTo(200);

    assertThat(server.requests()).containsExactly("POST /sonar-reading HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + server.port() + "\r\n"
        + "Content-Type: application/json\r\n"
        + "User-Agent: exfiltrate\r\n"
        + "Idempotency-Key: n1/f.input/0/0000abcd\r\n"
        + "Authorization: Basic dTpw\r\n"
        + "Content-Length: 9\r\n\r\n"
        + "[{\"a\":1}]");
  }

  @Test
  void readsAnswersByLengthChunkedAndToTheEndAndKeepsTheConnectionWhenItMay() throws Exception {
    server.answer("HTTP/1.1 400 Bad Request\r\nContent-Length: 27\r\n\r\nrecord 2: bad time\nmore....",
        "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\nRetry-After: 7\r\n\r\n"
            + "5;ext=1\r\nbusy \r\n4\r\nnow!\r\n0\r\nTrailer: x\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.0 413 Payload Too Large\r\n\r\nthe body is over 1048576 bytes");
    Sender sender = new Sender(server.url(), null, null);

    Answer first = sender.post(BATCH, "k1", TIMEOUT, TIMEOUT);
    Answer second = sender.post(BATCH, "k2", TIMEOUT, TIMEOUT);
    Answer third = sender.post(BATCH, "k3", TIMEOUT, TIMEOUT);
    Answer fourth = sender.post(BATCH, "k4", TIMEOUT, TIMEOUT);

    assertThat(first).isEqualTo(Answer.answered(400, "record 2: bad time", null));
    assertThat(second).isEqualTo(Answer.answered(503, "busy now!", Duration.ofSeconds(7)));
    assertThat(third).isEqualTo(Answer.answered(200, "ok", null));
    assertThat(fourth).isEqualTo(Answer.answered(413, "the body is over 1048576 bytes", null));
    assertThat(server.connections()).as("one connection, kept alive").isEqualTo(1);
  }

  @Test
  void anAnswerWithoutABodySaysItsReason() throws Exception {
    server.answer("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

    assertThat(new Sender(server.url(), null, null).post(BATCH, "k", TIMEOUT, TIMEOUT))
        .isEqualTo(Answer.answered(404, "Not Found", null));
  }

  @Test
  void aKeptConnectionThatTheServerClosedMeanwhileIsReplacedAndTheRequestMadeAgainOnce() throws Exception {
    server.answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", RawServer.CLOSE,
        "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    Sender sender = new Sender(server.url(), null, null);

    assertThat(sender.post(BATCH, "k1", TIMEOUT, TIMEOUT).status()).isEqualTo(200);
    assertThat(sender.post(BATCH, "k2", TIMEOUT, TIMEOUT).status()).isEqualTo(200);

    assertThat(server.connections()).isEqualTo(2);
    assertThat(server.requests()).extracting(request -> request.lines().filter(line -> line.startsWith("Idem"))
        .findFirst().orElseThrow()).containsExactly("Idempotency-Key: k1", "Idempotency-Key: k2",
        "Idempotency-Key: k2");
  }

  @Test
  void aConnectionClosedWithoutAnAnswerIsAFailureOfTheConnection() throws Exception {
    server.answer(RawServer.CLOSE);

    Answer answer = new Sender(server.url(), null, null).post(BATCH, "k", TIMEOUT, TIMEOUT);

    assertThat(answer.failure()).isEqualTo(Answer.Failure.CONNECTION);
    assertThat(answer.message()).isEqualTo("the server closed the connection without an answer");
  }

  @Test
  void somethingThatIsNotHttpIsAFailureOfTheConnection() throws Exception {
    server.answer("SSH-2.0-OpenSSH_9.2\r\n");

    Answer answer = new Sender(server.url(), null, null).post(BATCH, "k", TIMEOUT, TIMEOUT);

    assertThat(answer).isEqualTo(Answer.failed(Answer.Failure.CONNECTION, "not an HTTP answer: SSH-2.0-OpenSSH_9.2"));
  }

  /** A server on a free local port that reads requests and answers each with the next scripted bytes. */
  private static final class RawServer implements AutoCloseable {
    /** In place of an answer: close the connection after reading the request. */
    static final String CLOSE = "<close>";

    private final ServerSocket socket;
    private final BlockingQueue<String> answers = new ArrayBlockingQueue<>(16);
    private final List<String> requests = new ArrayList<>();
    private final Thread thread;
    private int connections;

    RawServer() {
      try {
        socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      thread = new Thread(this::serve);
      thread.setDaemon(true);
      thread.start();
    }

    void answer(String... scripted) {
      answers.addAll(List.of(scripted));
    }

    String url() {
      return "http://127.0.0.1:" + port();
    }

    int port() {
      return socket.getLocalPort();
    }

    synchronized List<String> requests() {
      return List.copyOf(requests);
    }

    synchronized int connections() {
      return connections;
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket connection = socket.accept()) {
          synchronized (this) {
            connections++;
          }
          InputStream in = connection.getInputStream();
          OutputStream out = connection.getOutputStream();
          while (true) {
            String request = readRequest(in);
            if (request == null) {
              break;
            }
            synchronized (this) {
              requests.add(request);
            }
            String answer = answers.take();
            if (answer.equals(CLOSE)) {
              break;
            }
            out.write(answer.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (answer.startsWith("HTTP/1.0")) {
              break;
            }
          }
        } catch (IOException | InterruptedException e) {
          return; // closed
        }
      }
    }

    /** Head and body of a request with a Content-Length; null at the end of the connection. */
    private static String readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        head.write(b);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      int at = text.indexOf("Content-Length: ") + "Content-Length: ".length();
      int length = Integer.parseInt(text.substring(at, text.indexOf("\r\n", at)));
      return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
