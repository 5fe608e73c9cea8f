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
 * Turns a connected socket into a TLS socket checked as {@link TlsOptions#check()} says. One SSLContext per
 * client, built once: the certificate checks live in {@link VerifyingTrustManager}, which reads the expected
 * host name from the handshake. The JDK provider is used (not BoringSSL) because its SSLSocket layers over an existing plain
 * socket, which STARTTLS needs, and its trust manager hooks carry the socket.
 */
final class TlsConnector {

  private final SSLContext context;
  private final VerifyingTrustManager verifier;
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
      verifier = new VerifyingTrustManager(anchors, options.pins(), options.check(), clock);
      context.init(null, new TrustManager[] {verifier}, null);
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
      String serverName = sniName(destination);
      if (!dev.sealpost.tls.SubjectAltNames.isIpLiteral(serverName)) {
        params.setServerNames(List.of(new SNIHostName(serverName)));
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

  /** RFC 7672 §8.1: with DANE, SNI names the TLSA base domain; otherwise the host. */
  private String sniName(Destination destination) {
    return options.check() instanceof CertificateCheck.Dane d ? d.baseDomain() : destination.host();
  }

  TlsEvidence.Established evidence(SSLSession session, Destination destination) {
    try {
      X509Certificate[] chain = Arrays.stream(session.getPeerCertificates()).map(X509Certificate.class::cast)
          .toArray(X509Certificate[]::new);
      return verifier.evidence(session.getProtocol(), session.getCipherSuite(), chain, destination.host());
    } catch (IOException | ClassCastException e) {
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
