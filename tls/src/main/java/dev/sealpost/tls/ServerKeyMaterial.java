package dev.sealpost.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key and its certificate chain, leaf first, as a TLS server presents it. The trust anchor
 * (root) may be included or not; clients ignore it.
 */
public record ServerKeyMaterial(PrivateKey key, List<X509Certificate> chain) {

  public ServerKeyMaterial {
    Objects.requireNonNull(key, "key");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs at least the leaf certificate");
    }
  }

  /** The certificate whose public key matches {@link #key()}. */
  public X509Certificate leaf() {
    return chain.getFirst();
  }

  /** Never prints the key: some providers' {@code toString} include private numbers. */
  @Override
  public String toString() {
    return "ServerKeyMaterial[" + key.getAlgorithm() + " key, leaf " + leaf().getSubjectX500Principal().getName()
        + ", " + chain.size() + " certificate(s)]";
  }
}
