package sonar.infiltrate.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An HTTP/1.1 client on a plain socket, for tests that need to control every byte sent. */
public final class RawHttp implements Closeable {

  /** A response; header names in lower case. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawHttp(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  /** Over a socket already connected, TLS or not. */
  public RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(20_000);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** POSTs a JSON body with a Content-Length; extra headers as "Name: value". */
  public Response postJson(String path, byte[] body, String... headers) throws IOException {
    return exchange("POST", path, body, "application/json", headers);
  }

  public Response postJson(String path, String body, String... headers) throws IOException {
    return postJson(path, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  public Response exchange(String method, String path, byte[] body, String contentType, String... headers)
      throws IOException {
    sendRequest(method, path, body, contentType, headers);
    return read();
  }

  public void sendRequest(String method, String path, byte[] body, String contentType, String... headers)
      throws IOException {
    StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      request.writeBytes(body);
    }
    send(request.toByteArray());
  }

  public void send(byte[] raw) throws IOException {
    out.write(raw);
    out.flush();
  }

  public void send(String raw) throws IOException {
    send(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads one response; its body by Content-Length, none for HEAD-like empty answers. */
  public Response read() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); line != null && !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new Response(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  /** Reads a response to HEAD: headers only, whatever Content-Length says. */
  public Response readHead() throws IOException {
    String statusLine = line();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); line != null && !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, "");
  }

  /** True once the server has closed the connection (reading gives end of stream or a reset). */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  public void setReadTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  /** Bytes available without blocking, to check that nothing more was sent. */
  public int available() throws IOException {
    return in.available();
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
