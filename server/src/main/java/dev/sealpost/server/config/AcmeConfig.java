package dev.sealpost.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Certificates obtained and renewed by ACME (RFC 8555). The issued chain and its key are written to the
 * {@code [tls]} certificate and key files, where the server reads them (and reloads them from).
 *
 * @param directory the CA's directory URL ({@code https://...}, or acme4j's {@code acme://} short forms)
 * @param names the host names the certificate covers, the first one its subject
 * @param email the account's contact address, where the CA sends expiry and policy notices
 * @param challenge how control of the names is proven
 * @param httpListen where the HTTP-01 responder listens (the CA connects to port 80 of each name)
 * @param tlsAlpnListen where the TLS-ALPN-01 responder listens (the CA connects to port 443)
 * @param caBundle extra trust for the ACME server's own HTTPS certificate (a private CA, Pebble)
 * @param rsa the certificate's key: RSA-2048 when true, ECDSA P-256 otherwise (faster handshakes)
 * @param checkInterval how often the certificate is looked at (renewal, ARI window)
 * @param firstRetry the wait after a failed attempt, doubled after each further failure up to maxRetry
 */
public record AcmeConfig(String directory, List<String> names, Optional<String> email, Challenge challenge,
    InetSocketAddress httpListen, InetSocketAddress tlsAlpnListen, Optional<Path> caBundle, boolean rsa,
    Duration checkInterval, Duration firstRetry, Duration maxRetry) {

  /** The ACME challenge types Sealpost answers itself. */
  public enum Challenge {
    HTTP_01("http-01"), TLS_ALPN_01("tls-alpn-01");

    private final String configName;

    Challenge(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  public AcmeConfig {
    names = List.copyOf(names);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("at least one name is needed");
    }
  }

  /** The same settings with other timings (tests). */
  public AcmeConfig withTimings(Duration checkInterval, Duration firstRetry, Duration maxRetry) {
    return new AcmeConfig(directory, names, email, challenge, httpListen, tlsAlpnListen, caBundle, rsa, checkInterval,
        firstRetry, maxRetry);
  }
}
