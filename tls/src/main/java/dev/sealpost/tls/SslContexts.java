package dev.sealpost.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Builds Netty {@link SslContext}s that enforce a {@link TlsPolicy}. OpenSSL (netty-tcnative's
 * BoringSSL) is used when it loads, being several times faster than the JDK's TLS; otherwise the JDK.
 *
 * <p>Suites are filtered to what the provider supports, so an unsupported name (ChaCha20 on an old JDK)
 * is dropped rather than failing the build; TLS 1.3 suites are part of every policy list, so no
 * provider loses TLS 1.3 to the filter. For TLS 1.2 both providers pick by the server's suite order
 * (tested): Netty sets server preference for OpenSSL, the JDK prefers local order by default. Among
 * the TLS 1.3 suites, all AEAD, the JDK follows the client's order.
 */
public final class SslContexts {

  private SslContexts() {}

  /** True when netty-tcnative loaded, i.e. {@link #forServer} uses OpenSSL. */
  public static boolean openSslAvailable() {
    return OpenSsl.isAvailable();
  }

  /** The provider in use, for start-up logs and {@code sealpost doctor}. */
  public static String providerDescription() {
    if (openSslAvailable()) {
      String version = io.netty.internal.tcnative.SSL.class.getPackage().getImplementationVersion();
      return "OpenSSL (" + OpenSsl.versionString() + " " + (version == null ? "netty-tcnative" : version) + ")";
    }
    Throwable cause = OpenSsl.unavailabilityCause();
    return "JDK (SunJSSE) — netty-tcnative not loaded: " + (cause == null ? "unknown reason" : cause);
  }

  /** The provider {@link #forServer(ServerKeyMaterial, TlsPolicy)} picks. */
  public static SslProvider defaultProvider() {
    return openSslAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  public static SslContext forServer(ServerKeyMaterial m, TlsPolicy p) {
    return forServer(m, p, defaultProvider());
  }

  /** A server context on an explicit provider (tests, or an operator forcing the JDK). */
  public static SslContext forServer(ServerKeyMaterial m, TlsPolicy p, SslProvider provider) {
    SslContextBuilder b = SslContextBuilder.forServer(m.key(), m.chain().toArray(X509Certificate[]::new))
        .clientAuth(ClientAuth.NONE);
    return build(b, p, provider, "server");
  }

  /**
   * A client context. It trusts {@code trustAnchors}, or the JDK's default trust store when that list is
   * empty, or anything when {@code insecureTrustAll} (tests, opportunistic SMTP TLS without
   * authentication). Host name verification is the caller's: set it on the engine or SslHandler.
   */
  public static SslContext forClient(TlsPolicy p, List<X509Certificate> trustAnchors, boolean insecureTrustAll) {
    return forClient(p, trustAnchors, insecureTrustAll, defaultProvider());
  }

  public static SslContext forClient(TlsPolicy p, List<X509Certificate> trustAnchors, boolean insecureTrustAll,
      SslProvider provider) {
    SslContextBuilder b = SslContextBuilder.forClient();
    if (insecureTrustAll) {
      b.trustManager(InsecureTrustManagerFactory.INSTANCE);
    } else if (!trustAnchors.isEmpty()) {
      b.trustManager(trustAnchors.toArray(X509Certificate[]::new));
    }
    return build(b, p, provider, "client");
  }

  private static SslContext build(SslContextBuilder b, TlsPolicy p, SslProvider provider, String side) {
    try {
      return b.sslProvider(provider)
          .protocols(p.protocols())
          .ciphers(p.cipherSuites(), SupportedCipherSuiteFilter.INSTANCE)
          .build();
    } catch (SSLException | RuntimeException e) {
      throw new IllegalStateException("cannot build a TLS " + side + " context with " + provider + " for "
          + p.protocols() + ": " + e.getMessage(), e);
    }
  }
}
