package sonar.exfiltrate.send;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import sonar.exfiltrate.batch.Batch;

/**
 * Posts one batch and reports the answer, over one HTTP/1.1 {@link Connection} kept alive between the
 * batches of a run. A kept connection that the server has closed meanwhile fails at once; the request is
 * then made again, once, on a new connection (its idempotency key makes that safe even if the server had
 * stored it). Never throws for what the network or server does; the {@link Answer} says what happened.
 * Not thread-safe (one run posts one batch at a time).
 */
public final class Sender implements AutoCloseable {

  /** Longest server message kept: enough for any of our server's one-line answers. */
  private static final int MAX_MESSAGE_CHARS = 200;
  /** Bytes of an answer's body kept; the rest of a short one is read so that the connection can be reused. */
  private static final int MAX_BODY_BYTES = 8192;

  private final String target;
  private final String host;
  private final int port;
  private final String hostHeader;
  private final boolean https;
  private final String authorization;
  private SSLSocketFactory sockets;
  private Connection connection;

  /**
   * @param target {@code http(s)://host[:port]}, as {@link sonar.exfiltrate.cli.Config} checked it
   * @param auth null to send no credentials
   * @param sockets TLS sockets trusting a private CA, or null for the system's trust store
   */
  public Sender(String target, BasicAuth auth, SSLSocketFactory sockets) {
    URI uri = URI.create(target);
    this.target = target;
    this.https = "https".equals(uri.getScheme());
    String name = uri.getHost();
    this.host = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    this.port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
    this.hostHeader = uri.getRawAuthority();
    this.authorization = auth == null ? null : auth.header();
    this.sockets = sockets;
  }

  public String target() {
    return target;
  }

  /**
   * @param idempotencyKey sent as {@code Idempotency-Key}, so that a server may store a batch sent twice once
   * @param connectTimeout for the TCP connection
   * @param readTimeout for each read of the TLS handshake and the answer
   */
  public Answer post(Batch batch, String idempotencyKey, Duration connectTimeout, Duration readTimeout) {
    String[] headers = authorization == null
        ? new String[] {"Content-Type: " + batch.contentType(), "User-Agent: exfiltrate",
            "Idempotency-Key: " + idempotencyKey}
        : new String[] {"Content-Type: " + batch.contentType(), "User-Agent: exfiltrate",
            "Idempotency-Key: " + idempotencyKey, "Authorization: " + authorization};
    try {
      Connection.Response response = exchange(batch, headers, connectTimeout, readTimeout);
      if (response.close()) {
        close();
      }
      String message = message(response.body());
      if (message.isEmpty() && response.status() >= 300) {
        message = response.reason();
      }
      return Answer.answered(response.status(), message, retryAfter(response.retryAfter()));
    } catch (IOException e) {
      close();
      return failure(e);
    }
  }

  private Connection.Response exchange(Batch batch, String[] headers, Duration connectTimeout, Duration readTimeout)
      throws IOException {
    if (connection != null) {
      try {
        connection.readTimeout(readTimeout);
        return connection.post(hostHeader, batch.path(), headers, batch.body(), MAX_BODY_BYTES);
      } catch (EOFException | SocketException e) {
        close(); // closed by the server since the last request: once more, on a new connection
      }
    }
    if (https && sockets == null) {
      sockets = (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
    connection = Connection.open(host, port, https ? sockets : null, connectTimeout, readTimeout);
    return connection.post(hostHeader, batch.path(), headers, batch.body(), MAX_BODY_BYTES);
  }

  /** Closes the connection kept for the next request, if any. */
  @Override
  public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (IOException e) {
        // Closing is all that was asked; the socket is gone either way.
      }
      connection = null;
    }
  }

  /** The first line of a body, shortened. */
  private static String message(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    int newline = text.indexOf('\n');
    String line = (newline < 0 ? text : text.substring(0, newline)).strip();
    return line.length() <= MAX_MESSAGE_CHARS ? line : line.substring(0, MAX_MESSAGE_CHARS) + "...";
  }

  private static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.strip());
      return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException e) {
      return null; // an HTTP date: rare; our own backoff applies
    }
  }

  /** Sorts a failure without an answer: a certificate or TLS problem, or a connection problem. */
  static Answer failure(IOException e) {
    if (e instanceof SSLException) {
      Throwable certificateProblem = find(e, CertificateException.class, CertPathBuilderException.class,
          CertPathValidatorException.class);
      if (certificateProblem != null) {
        return Answer.failed(Answer.Failure.UNTRUSTED, rootMessage(certificateProblem));
      }
      if (find(e, EOFException.class, SocketException.class) == null) {
        return Answer.failed(Answer.Failure.TLS, rootMessage(e));
      }
    }
    return Answer.failed(Answer.Failure.CONNECTION, e.getMessage() == null ? e.toString() : e.getMessage());
  }

  @SafeVarargs
  private static Throwable find(Throwable e, Class<? extends Throwable>... types) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(cause)) {
          return cause;
        }
      }
    }
    return null;
  }

  /** The innermost message: the one that says what is wrong, without the layers' restatements. */
  private static String rootMessage(Throwable e) {
    String message = e.toString();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null) {
        message = cause.getMessage();
      }
    }
    return message;
  }
}
