package dev.sealpost.client;

import dev.sealpost.tls.TlsPolicy;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Turns a connected socket into a verified TLS socket. One SSLContext per client, built once: the
 * certificate checks live in {@link VerifyingTrustManager}, which reads the expected host name from the
 * handshake. The JDK provider is used (not BoringSSL) because its SSLSocket layers over an existing plain
 * socket, which STARTTLS needs, and its trust manager hooks carry the socket.
 */
final class TlsConnector {

  private final SSLContext context;
  private final TlsOptions options;
  private final String[] protocols;
  private final String[] suites;

  TlsConnector(TlsOptions options, Clock clock) {
    this.options = options;
    try {
      List<X509TrustManager> anchors = new ArrayList<>();
      if (options.trustSystemCas()) {
        anchors.add(trustManager(null));
      }
      if (!options.extraTrustAnchors().isEmpty()) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (X509Certificate ca : options.extraTrustAnchors()) {
          ks.setCertificateEntry("ca" + i++, ca);
        }
        anchors.add(trustManager(ks));
      }
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new VerifyingTrustManager(anchors, options.pins(), clock)}, null);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the TLS client context: " + e.getMessage(), e);
    }
    protocols = options.minimumVersion().enabledProtocols().toArray(String[]::new);
    List<String> wanted = TlsPolicy.of(options.minimumVersion().enabledProtocols(), false).cipherSuites();
    List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
    suites = wanted.stream().filter(supported::contains).toArray(String[]::new);
  }

  private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("no X509TrustManager in the JDK");
  }

  /** Handshakes over {@code plain}; bytes already buffered above it are the caller's to discard. */
  SSLSocket handshake(Socket plain, Destination destination, int timeoutMillis) {
    SSLSocket tls = null;
    try {
      tls = (SSLSocket) context.getSocketFactory().createSocket(plain, destination.host(), destination.port(), true);
      SSLParameters params = tls.getSSLParameters();
      params.setProtocols(protocols);
      params.setCipherSuites(suites);
      if (!dev.sealpost.tls.SubjectAltNames.isIpLiteral(destination.host())) {
        params.setServerNames(List.of(new SNIHostName(destination.host())));
      }
      tls.setSSLParameters(params);
      tls.setSoTimeout(timeoutMillis);
      tls.startHandshake();
      return tls;
    } catch (SocketTimeoutException e) {
      close(tls, plain);
      throw new SmtpTimeoutException("TLS handshake with " + destination + " timed out", "TLS handshake", e);
    } catch (IOException | RuntimeException e) {
      close(tls, plain);
      Optional<CertificateRejection> rejection = rejection(e);
      if (rejection.isPresent()) {
        throw new TlsException(rejection.get().reason(), rejection.get().getMessage(), null, e);
      }
      throw new TlsException(TlsException.Reason.HANDSHAKE_FAILED,
          "TLS handshake with " + destination + " failed: " + e.getMessage(), null, e);
    }
  }

  TlsEvidence.Established evidence(SSLSession session, Destination destination) {
    try {
      X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
      boolean pinned = !options.pins().isEmpty();
      return new TlsEvidence.Established(session.getProtocol(), session.getCipherSuite(),
          leaf.getSubjectX500Principal().getName(), CertificatePin.fingerprint(leaf), leaf.getNotAfter().toInstant(),
          Optional.of(destination.host()), !pinned, pinned);
    } catch (IOException e) {
      throw new TlsException(TlsException.Reason.HANDSHAKE_FAILED, "no peer certificate after the handshake", null, e);
    }
  }

  private static Optional<CertificateRejection> rejection(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateRejection r) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static void close(Socket tls, Socket plain) {
    try {
      if (tls != null) {
        tls.close();
      }
      plain.close();
    } catch (IOException ignored) {
      // already failing
    }
  }
}
