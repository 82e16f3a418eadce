package sonar.infiltrate.http;

import java.time.Duration;

/**
 * How the server listens and what it takes; {@link #builder} starts from the command line's defaults.
 *
 * @param httpPort plain HTTP port, 0 for any free one, -1 for none
 * @param httpsPort HTTPS port, 0 for any free one, -1 for none
 * @param maxBodyBytes largest request body, after decompression
 * @param maxEnvelopeBytes largest body of the envelope endpoints, which carry whole Slurm job lists
 * @param requestTimeout time a connection has to deliver a complete request, from when it connects or
 *     gets its previous answer
 * @param maxConnections connections open at once
 * @param bodyMemoryBytes heap the bodies of requests in flight may take, all connections together
 * @param verbose a log line per request
 */
public record HttpSettings(int httpPort, int httpsPort, int maxBodyBytes, int maxEnvelopeBytes,
    Duration requestTimeout, int maxConnections, long bodyMemoryBytes, boolean verbose) {

  public HttpSettings {
    require(httpPort >= -1 && httpPort <= 65535 && httpsPort >= -1 && httpsPort <= 65535,
        "ports must be from 0 to 65535 (or -1 for none), not " + httpPort + " and " + httpsPort);
    require(httpPort >= 0 || httpsPort >= 0, "there must be an HTTP or an HTTPS port");
    require(maxBodyBytes >= 1 && maxEnvelopeBytes >= 1,
        "body limits must be positive, not " + maxBodyBytes + " and " + maxEnvelopeBytes);
    require(requestTimeout.toSeconds() >= 1, "requestTimeout must be at least 1 s, not " + requestTimeout);
    require(maxConnections >= 1, "maxConnections must be positive, not " + maxConnections);
    require(bodyMemoryBytes >= 1, "bodyMemoryBytes must be positive, not " + bodyMemoryBytes);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Plain HTTP on port 8086 and the limits of the command line's defaults (with a heap of 256 MiB). */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects settings; {@link #build} checks them. Not thread-safe. */
  public static final class Builder {
    private int httpPort = 8086;
    private int httpsPort = -1;
    private int maxBodyBytes = 1 << 20;
    private int maxEnvelopeBytes = 32 << 20;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxConnections = 4096;
    private long bodyMemoryBytes = 128 << 20;
    private boolean verbose;

    private Builder() {}

    /** 0 for any free port, -1 for none. */
    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    /** 0 for any free port, -1 for none. */
    public Builder httpsPort(int port) {
      this.httpsPort = port;
      return this;
    }

    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    public Builder maxEnvelopeBytes(int bytes) {
      this.maxEnvelopeBytes = bytes;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder maxConnections(int connections) {
      this.maxConnections = connections;
      return this;
    }

    public Builder bodyMemoryBytes(long bytes) {
      this.bodyMemoryBytes = bytes;
      return this;
    }

    public Builder verbose(boolean verbose) {
      this.verbose = verbose;
      return this;
    }

    /** @throws IllegalArgumentException naming the setting and its bad value */
    public HttpSettings build() {
      return new HttpSettings(httpPort, httpsPort, maxBodyBytes, maxEnvelopeBytes, requestTimeout, maxConnections,
          bodyMemoryBytes, verbose);
    }
  }
}
