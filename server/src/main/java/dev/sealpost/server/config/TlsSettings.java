package dev.sealpost.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the server's certificate chain and key live, and which protocol versions are allowed.
 *
 * @param startWithExpiredCertificate start (with a loud warning) although the certificate has expired,
 *     e.g. to keep port 25 receiving while a renewal is sorted out; off by default
 * @param alternatives more certificates, each served to clients that ask for one of its names (SNI)
 */
public record TlsSettings(Path certificate, Path key, List<String> protocols, boolean allowLegacyProtocols,
    boolean startWithExpiredCertificate, List<CertificatePair> alternatives) {

  /** A certificate chain and its key, PEM files. */
  public record CertificatePair(Path certificate, Path key) {}

  public TlsSettings {
    alternatives = List.copyOf(alternatives);
  }

  public TlsSettings(Path certificate, Path key, List<String> protocols, boolean allowLegacyProtocols) {
    this(certificate, key, protocols, allowLegacyProtocols, false, List.of());
  }

  /** The same settings for another pair (the default's policy and permissions apply to every pair). */
  public TlsSettings forPair(CertificatePair pair) {
    return new TlsSettings(pair.certificate(), pair.key(), protocols, allowLegacyProtocols, startWithExpiredCertificate,
        List.of());
  }
}
