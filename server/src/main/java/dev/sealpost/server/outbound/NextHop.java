package dev.sealpost.server.outbound;

import dev.sealpost.server.config.OutboundConfig.OutboundTls;
import java.net.InetAddress;
import java.util.Optional;

/**
 * One server to try: the name TLS verifies against (the MX host, route host or relayhost), the address
 * to connect to, and how the connection must be protected.
 *
 * @param credentials user and password for a relayhost; empty for MX delivery
 * @param tlsa the DNSSEC-validated TLSA records of the host when {@code tls} is DANE
 */
record NextHop(String host, InetAddress address, int port, OutboundTls tls, boolean implicitTls,
    Optional<Credentials> credentials, java.util.List<dev.sealpost.dns.TlsaRecord> tlsa) {

  NextHop {
    tlsa = java.util.List.copyOf(tlsa);
  }

  /** A relayhost login; the password is read from its file when the route is built. */
  record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[" + user + "]";
    }
  }

  @Override
  public String toString() {
    return host + "[" + address.getHostAddress() + "]:" + port;
  }
}
