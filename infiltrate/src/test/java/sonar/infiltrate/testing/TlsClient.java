package sonar.infiltrate.testing;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import sonar.testkit.Certificates;

/**
 * A TLS client as a sender would be: trusts one CA, checks the server's name like HTTPS does, and may
 * present a client certificate.
 */
public final class TlsClient {

  private final SSLContext context;
  private final String[] protocols;

  private TlsClient(SSLContext context, String... protocols) {
    this.context = context;
    this.protocols = protocols;
  }

  public static TlsClient trusting(X509Certificate authority) {
    return new TlsClient(context(authority, null));
  }

  public static TlsClient trusting(X509Certificate authority, Certificates.Issued clientCertificate) {
    return new TlsClient(context(authority, clientCertificate));
  }

  /** The same client, offering only the given protocol versions. */
  public TlsClient offering(String... versions) {
    return new TlsClient(context, versions);
  }

  /** Connects to 127.0.0.1 and completes the handshake, checking the certificate is for host. */
  public SSLSocket connect(String host, int port) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory()
        .createSocket(new java.net.Socket("127.0.0.1", port), host, port, /* autoClose= */ true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    parameters.setServerNames(List.of(new SNIHostName(host)));
    if (protocols.length > 0) {
      parameters.setProtocols(protocols);
    }
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(20_000);
    socket.startHandshake();
    return socket;
  }

  public RawHttp http(String host, int port) throws IOException {
    return new RawHttp(connect(host, port));
  }

  private static SSLContext context(X509Certificate authority, Certificates.Issued client) {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("ca", authority);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      KeyManagerFactory keys = null;
      if (client != null) {
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry("client", client.keys().getPrivate(), new char[0],
            new X509Certificate[] {client.certificate()});
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(own, new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
