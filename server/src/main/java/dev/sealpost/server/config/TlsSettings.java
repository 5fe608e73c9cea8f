package dev.sealpost.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the server's certificate chain and key live, and which protocol versions are allowed.
 *
 * @param startWithExpiredCertificate start (with a loud warning) although the certificate has expired,
 *     e.g. to keep port 25 receiving while a renewal is sorted out; off by default
 */
public record TlsSettings(Path certificate, Path key, List<String> protocols, boolean allowLegacyProtocols,
    boolean startWithExpiredCertificate) {

  public TlsSettings(Path certificate, Path key, List<String> protocols, boolean allowLegacyProtocols) {
    this(certificate, key, protocols, allowLegacyProtocols, false);
  }
}
