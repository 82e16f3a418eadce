package sonar.infiltrate.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import sonar.infiltrate.log.Log;

/**
 * The TLS side of the server: builds the context from the certificate and key files (and, when given, the
 * CA that client certificates must be signed by) and hands each new connection a handler. {@link #reload}
 * swaps in a new context when the files hold a good new pair; a broken pair is refused and logged while
 * the one in service stays. Connections keep the context they started with. TLS 1.2 and 1.3 only, with
 * forward-secret AEAD ciphers, and no renegotiation started by a client (TLS 1.2 has it; it costs the
 * server a handshake at the client's whim). Thread-safe.
 */
public final class ServerTls {

  static {
    // The JDK's provider reads this once, when its first server handshake starts; no handshake can come
    // before this class is loaded, as only this class builds the server's TLS contexts.
    System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
  }

  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** TLS 1.3 suites, then TLS 1.2 with ECDHE and AES-GCM or ChaCha20: no CBC, no RSA key exchange. */
  static final List<String> CIPHERS = List.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private final Path certificateFile;
  private final Path keyFile;
  private final Path clientCaFile;
  private final Clock clock;
  private final Log log;
  private final AtomicReference<SslContext> context = new AtomicReference<>();
  private volatile String refused; // the last refusal logged, so a broken file is not logged every minute

  /**
   * Loads the files and logs what is in service.
   *
   * @param clientCaFile null when clients need no certificate
   * @throws IllegalArgumentException naming the file and the problem
   */
  public ServerTls(Path certificateFile, Path keyFile, Path clientCaFile, Clock clock, Log log) {
    this.certificateFile = certificateFile;
    this.keyFile = keyFile;
    this.clientCaFile = clientCaFile;
    this.clock = clock;
    this.log = log;
    ServerCertificate certificate = ServerCertificate.load(certificateFile, keyFile);
    context.set(build(certificate));
    log.info("TLS certificate in service: " + certificate.describe()
        + (clientCaFile == null ? "" : "; clients need a certificate from the CA in " + clientCaFile));
    warnIfExpired(certificate);
  }

  /** The files whose change calls for {@link #reload}. */
  public List<Path> files() {
    return clientCaFile == null ? List.of(certificateFile, keyFile) : List.of(certificateFile, keyFile, clientCaFile);
  }

  /** A handler for a new connection, with the context in service now. */
  public SslHandler newHandler(ByteBufAllocator allocator) {
    return context.get().newHandler(allocator);
  }

  /**
   * Loads the files again; puts the new pair in service if it is good, else logs why not once.
   *
   * @return null when the new pair is in service; else why it was refused
   */
  public String reload() {
    ServerCertificate certificate;
    SslContext next;
    try {
      certificate = ServerCertificate.load(certificateFile, keyFile);
      next = build(certificate);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().equals(refused)) {
        refused = e.getMessage();
        log.warning("new TLS certificate refused, keeping the one in service: " + e.getMessage());
      }
      return e.getMessage();
    }
    refused = null;
    context.set(next);
    log.info("TLS certificate renewed: " + certificate.describe());
    warnIfExpired(certificate);
    return null;
  }

  private SslContext build(ServerCertificate certificate) {
    try {
      SslContextBuilder builder = SslContextBuilder
          .forServer(certificate.key(), certificate.chain().toArray(X509Certificate[]::new))
          .sslProvider(SslProvider.JDK)
          .protocols(PROTOCOLS)
          .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
      if (clientCaFile != null) {
        builder.trustManager(ServerCertificate.certificates(clientCaFile).toArray(X509Certificate[]::new))
            .clientAuth(ClientAuth.REQUIRE);
      }
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalArgumentException("certificate file " + certificateFile + ": " + e.getMessage(), e);
    }
  }

  private void warnIfExpired(ServerCertificate certificate) {
    if (certificate.notAfter().isBefore(clock.instant())) {
      log.warning("the TLS certificate in " + certificateFile + " expired on " + certificate.notAfter()
          + "; clients will refuse it");
    }
  }
}
