package dev.sealpost.server.outbound.mtasts;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The Web PKI trust RFC 8461 §3.3 asks for: PKIX against the JDK's CA certificates, plus extra
 * anchors (a private CA, or a test CA). Host names are checked separately, with HostnameMatcher.
 */
public final class WebPkiTrust {

  private WebPkiTrust() {}

  public static SSLContext context(Collection<X509Certificate> extraAnchors) {
    try {
      List<X509TrustManager> managers = new ArrayList<>();
      managers.add(trustManager(null)); // null: the JDK's cacerts
      if (!extraAnchors.isEmpty()) {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        int i = 0;
        for (X509Certificate anchor : extraAnchors) {
          anchors.setCertificateEntry("anchor-" + i++, anchor);
        }
        managers.add(trustManager(anchors));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AnyOf(List.copyOf(managers))}, null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up Web PKI trust for MTA-STS: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trustManager(KeyStore anchors) throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(anchors);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no X509TrustManager from PKIX");
  }

  /** Trusts a chain when any of its managers does; otherwise reports the last (most specific) reason. */
  private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      CertificateException last = null;
      for (X509TrustManager manager : managers) {
        try {
          manager.checkServerTrusted(chain, authType);
          return;
        } catch (CertificateException e) {
          last = e;
        }
      }
      throw last;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("a policy fetcher never acts as a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return managers.stream().flatMap(m -> List.of(m.getAcceptedIssuers()).stream())
          .toArray(X509Certificate[]::new);
    }
  }
}
