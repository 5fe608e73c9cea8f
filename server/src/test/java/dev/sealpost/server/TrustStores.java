package dev.sealpost.server;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/** Writes a PKCS#12 trust store holding one CA, for clients that only take a JSSE trust store. */
final class TrustStores {
  static final String PASSWORD = "changeit";

  private TrustStores() {}

  /** A socket factory that trusts only {@code ca}. */
  static javax.net.ssl.SSLSocketFactory socketFactory(X509Certificate ca) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("sealpost-test-ca", ca);
      var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Path pkcs12(X509Certificate ca, Path dir) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("sealpost-test-ca", ca);
      Path file = dir.resolve("truststore.p12");
      try (OutputStream out = Files.newOutputStream(file)) {
        ks.store(out, PASSWORD.toCharArray());
      }
      return file;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
