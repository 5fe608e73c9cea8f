package dev.sealpost.server;

import dev.sealpost.testing.Trust;
import java.security.cert.X509Certificate;

/** Socket factories for clients that take a JSSE factory rather than a CA file. */
final class TrustStores {
  private TrustStores() {}

  /** A socket factory that trusts only {@code ca}. */
  static javax.net.ssl.SSLSocketFactory socketFactory(X509Certificate ca) {
    return Trust.only(ca).getSocketFactory();
  }
}
