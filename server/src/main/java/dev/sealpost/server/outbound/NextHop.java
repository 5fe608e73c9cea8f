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
 * @param tlsaBase the TLSA base domain (RFC 7672 §2.2.2): the host, or its CNAME-expanded name; the SNI
 *     and first reference identifier under DANE
 * @param reported the policy TLS-RPT counts this session under, when there is one
 */
record NextHop(String host, InetAddress address, int port, OutboundTls tls, boolean implicitTls,
    Optional<Credentials> credentials, java.util.List<dev.sealpost.dns.TlsaRecord> tlsa, String tlsaBase,
    Optional<ReportedPolicy> reported) {

  NextHop {
    tlsa = java.util.List.copyOf(tlsa);
  }

  /**
   * The policy a TLS-RPT report (RFC 8460) counts this session under: the recipient domain's MTA-STS
   * policy or the host's TLSA records.
   */
  record ReportedPolicy(String policyDomain, dev.sealpost.server.outbound.tlsrpt.PolicyType type,
      java.util.List<String> strings, String mxHost, Optional<StsTesting> testing) {

    ReportedPolicy(String policyDomain, dev.sealpost.server.outbound.tlsrpt.PolicyType type,
        java.util.List<String> strings, String mxHost) {
      this(policyDomain, type, strings, mxHost, Optional.empty());
    }
  }

  /**
   * An MTA-STS policy in mode testing (RFC 8461 §5): the delivery goes as if there were none, and the
   * session is judged against the policy only for the report.
   *
   * @param mxPermitted whether the policy lists this MX host
   */
  record StsTesting(boolean mxPermitted) {}

  NextHop withReported(ReportedPolicy r) {
    return new NextHop(host, address, port, tls, implicitTls, credentials, tlsa, tlsaBase, Optional.of(r));
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
