package sonar.exfiltrate.send;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to the data logger, kept open between requests: writes a POST with a
 * Content-Length body, reads the answer's status, headers and body (by Content-Length, chunked, or to
 * the end of the connection). Over TLS the server's certificate and host name are checked as a browser
 * checks them. Written on a plain socket rather than with {@link java.net.HttpURLConnection}, whose
 * set-up (service loaders, proxy selection, regular expressions, lambdas) cost the sender's short run
 * about a fifth of its CPU time; the sender needs one method, one request at a time, and no proxy,
 * redirect, cookie or cache. Not thread-safe.
 */
final class Connection implements AutoCloseable {

  /** An answer's status line, the headers the sender reads, and the start of its body. */
  record Response(int status, String reason, String retryAfter, byte[] body, boolean close) {}

  /** Longer status and header lines than any server sends; a longer one is not HTTP. */
  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 200;
  /** A longer answer body is not read to its end: the connection is closed instead. */
  private static final long MAX_DRAIN = 1 << 20;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private Connection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 8192);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
  }

  /**
   * @param tls TLS sockets, or null for plain HTTP
   * @param readTimeout for the TLS handshake and each read of an answer
   */
  static Connection open(String host, int port, SSLSocketFactory tls, Duration connectTimeout, Duration readTimeout)
      throws IOException {
    Socket plain = new Socket(Proxy.NO_PROXY); // no proxy selector to consult
    try {
      plain.setTcpNoDelay(true); // a request is written whole; no reason to wait for an acknowledgement
      plain.connect(new InetSocketAddress(host, port), millis(connectTimeout));
      plain.setSoTimeout(millis(readTimeout));
      if (tls == null) {
        return new Connection(plain);
      }
      SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, /* autoClose= */ true);
      SSLParameters parameters = secure.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
      secure.setSSLParameters(parameters);
      secure.startHandshake();
      return new Connection(secure);
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  void readTimeout(Duration timeout) throws IOException {
    socket.setSoTimeout(millis(timeout));
  }

  /**
   * @param headers lines {@code Name: value}, without line ends
   * @param maxBody how much of the answer's body to keep; the rest is read and dropped
   */
  Response post(String hostHeader, String target, String[] headers, byte[] body, int maxBody) throws IOException {
    StringBuilder head = new StringBuilder(256).append("POST ").append(target).append(" HTTP/1.1\r\nHost: ")
        .append(hostHeader).append("\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    while (true) {
      Response response = readResponse(maxBody);
      if (response.status() >= 200 || response.status() == 101) {
        return response;
      } // 100 Continue and other interim answers: the final one follows
    }
  }

  private Response readResponse(int maxBody) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new EOFException("the server closed the connection without an answer");
    }
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
      throw new IOException("not an HTTP answer: " + shortened(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status line: " + shortened(statusLine));
    }
    String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
    boolean close = statusLine.startsWith("HTTP/1.0");
    long length = -1;
    boolean chunked = false;
    String retryAfter = null;
    for (int count = 0; ; count++) {
      String header = line();
      if (header == null) {
        throw new EOFException("the server closed the connection within an answer's headers");
      }
      if (header.isEmpty()) {
        break;
      }
      if (count == MAX_HEADERS) {
        throw new IOException("more than " + MAX_HEADERS + " headers in an answer");
      }
      int colon = header.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        try {
          length = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw new IOException("not a Content-Length: " + shortened(value));
        }
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.toLowerCase(java.util.Locale.ROOT).endsWith("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        close |= value.equalsIgnoreCase("close");
      } else if (name.equalsIgnoreCase("Retry-After")) {
        retryAfter = value;
      }
    }
    Body body = new Body(maxBody);
    if (status < 200 || status == 204 || status == 304) {
      return new Response(status, reason, retryAfter, body.kept(), close);
    }
    if (chunked) {
      readChunked(body);
    } else if (length > MAX_DRAIN) {
      body.read(in, body.room());
      close = true;
    } else if (length >= 0) {
      body.read(in, length);
    } else {
      body.read(in, Long.MAX_VALUE); // to the end: the connection closes with the body
      close = true;
    }
    return new Response(status, reason, retryAfter, body.kept(), close);
  }

  private void readChunked(Body body) throws IOException {
    while (true) {
      String size = line();
      if (size == null) {
        throw new EOFException("the server closed the connection within a chunked answer");
      }
      int extension = size.indexOf(';');
      long length;
      try {
        length = Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("not a chunk size: " + shortened(size));
      }
      if (length == 0) {
        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
          // Trailers: nothing the sender reads.
        }
        return;
      }
      if (!body.read(in, length)) {
        throw new EOFException("the server closed the connection within a chunk");
      }
      line(); // the chunk's line end
    }
  }

  /** A line without its CRLF (or LF), as ISO-8859-1; null at the end of the connection before any byte. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        if (line.length() == 0) {
          return null;
        }
        throw new EOFException("the server closed the connection within a line");
      }
      if (line.length() == MAX_LINE) {
        throw new IOException("a line of an answer is longer than " + MAX_LINE + " bytes");
      }
      line.append((char) b);
    }
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static String shortened(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  /** A timeout in whole milliseconds, at least one: zero would mean none. */
  static int millis(Duration timeout) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  /** Keeps the first bytes of a body and drops the rest. */
  private static final class Body {
    private final byte[] kept;
    private int length;

    Body(int max) {
      kept = new byte[max];
    }

    /** @return false when the connection ended before count bytes (or its end, for Long.MAX_VALUE) */
    boolean read(InputStream in, long count) throws IOException {
      byte[] drop = null;
      for (long left = count; left > 0; ) {
        int read;
        if (length < kept.length) {
          read = in.read(kept, length, (int) Math.min(kept.length - length, left));
          if (read > 0) {
            length += read;
          }
        } else {
          drop = drop == null ? new byte[8192] : drop;
          read = in.read(drop, 0, (int) Math.min(drop.length, left));
        }
        if (read < 0) {
          return count == Long.MAX_VALUE;
        }
        left -= read;
      }
      return true;
    }

    int room() {
      return kept.length - length;
    }

    byte[] kept() {
      byte[] bytes = new byte[length];
      System.arraycopy(kept, 0, bytes, 0, length);
      return bytes;
    }
  }
}
