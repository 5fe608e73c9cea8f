package dev.sealpost.tls;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Small in-memory PKI for this module's tests (the testing module's TestPki depends on this module). */
final class Pki {

  static final Instant NOW = Instant.now();

  record Issued(X509Certificate certificate, PrivateKey key) {
    ServerKeyMaterial material(X509Certificate... rest) {
      List<X509Certificate> chain = new java.util.ArrayList<>(List.of(certificate));
      chain.addAll(List.of(rest));
      return new ServerKeyMaterial(key, chain);
    }
  }

  private Pki() {}

  static Issued ca(String name) {
    return ca(name, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)));
  }

  static Issued ca(String name, Instant notBefore, Instant notAfter) {
    KeyPair keys = KeyType.EC_P256.generate();
    return new Issued(CertificateBuilder.authority(name).validity(notBefore, notAfter).selfSigned(keys),
        keys.getPrivate());
  }

  static Issued intermediate(Issued issuer, String name, Instant notBefore, Instant notAfter) {
    KeyPair keys = KeyType.EC_P256.generate();
    return new Issued(CertificateBuilder.authority(name).validity(notBefore, notAfter)
        .issue(keys.getPublic(), issuer.certificate(), issuer.key()), keys.getPrivate());
  }

  static Issued server(Issued issuer, KeyType type, String host) {
    return server(issuer, type, host, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)));
  }

  static Issued server(Issued issuer, KeyType type, String host, Instant notBefore, Instant notAfter) {
    KeyPair keys = type.generate();
    return new Issued(CertificateBuilder.server(host).subjectAltNames(List.of(host)).validity(notBefore, notAfter)
        .issue(keys.getPublic(), issuer.certificate(), issuer.key()), keys.getPrivate());
  }
}
