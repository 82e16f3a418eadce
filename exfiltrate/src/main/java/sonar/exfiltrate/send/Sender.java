package sonar.exfiltrate.send;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import sonar.exfiltrate.batch.Batch;

/**
 * Posts one batch and reports the answer, over {@link HttpURLConnection}: cheap to start, and it keeps
 * connections alive between requests of a run. Never throws for what the network or server does; the
 * {@link Answer} says what happened. Not thread-safe (one run posts one batch at a time).
 */
public final class Sender {

  /** Longest server message kept: enough for any of our server's one-line answers. */
  private static final int MAX_MESSAGE_CHARS = 200;
  /** Bytes of an answer's body read; reading all of a short one lets the connection be reused. */
  private static final int MAX_BODY_BYTES = 8192;

  private final String target;
  private final String authorization;
  private final SSLSocketFactory sockets;

  /**
   * @param target {@code http(s)://host[:port]}
   * @param auth null to send no credentials
   * @param sockets TLS sockets trusting a private CA, or null for the system's trust store
   */
  public Sender(String target, BasicAuth auth, SSLSocketFactory sockets) {
    this.target = target;
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
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) new URL(target + batch.path()).openConnection();
      if (sockets != null && connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(sockets);
      }
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setUseCaches(false);
      connection.setInstanceFollowRedirects(false); // a redirect is an answer to report, not to follow
      connection.setConnectTimeout(atLeastOneMilli(connectTimeout));
      connection.setReadTimeout(atLeastOneMilli(readTimeout));
      connection.setRequestProperty("Content-Type", batch.contentType());
      connection.setRequestProperty("User-Agent", "exfiltrate");
      connection.setRequestProperty("Idempotency-Key", idempotencyKey);
      if (authorization != null) {
        connection.setRequestProperty("Authorization", authorization);
      }
      try (OutputStream out = connection.getOutputStream()) {
        out.write(batch.body());
      }
      int status = connection.getResponseCode();
      String message = message(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
      if (message.isEmpty() && status >= 300) {
        message = connection.getResponseMessage() == null ? "" : connection.getResponseMessage();
      }
      return Answer.answered(status, message, retryAfter(connection.getHeaderField("Retry-After")));
    } catch (IOException e) {
      if (connection != null) {
        connection.disconnect();
      }
      return failure(e);
    }
  }

  /** The first line of a body, shortened; the rest is read and dropped so the connection stays usable. */
  private static String message(InputStream body) throws IOException {
    if (body == null) {
      return "";
    }
    try (body) {
      byte[] bytes = body.readNBytes(MAX_BODY_BYTES);
      String text = new String(bytes, StandardCharsets.UTF_8).strip();
      int newline = text.indexOf('\n');
      String line = (newline < 0 ? text : text.substring(0, newline)).strip();
      return line.length() <= MAX_MESSAGE_CHARS ? line : line.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
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

  private static int atLeastOneMilli(Duration timeout) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())); // 0 would mean no timeout
  }
}
