package dev.sealpost.mailauth.spf;

import java.net.InetAddress;
import java.util.Optional;

/** One term of an SPF record (RFC 7208 §4.6.1): a directive (qualifier and mechanism) or a modifier. */
sealed interface Term {

  /** The mechanisms of §5. */
  enum Kind { ALL, INCLUDE, A, MX, PTR, IP4, IP6, EXISTS }

  /**
   * @param qualifier the result on a match: PASS (+, the default), FAIL (-), SOFTFAIL (~), NEUTRAL (?)
   * @param domainSpec the unexpanded domain-spec, when given
   * @param network for ip4 and ip6
   * @param cidr4 prefix length for IPv4 (32 when not given), for a, mx, ip4
   * @param cidr6 prefix length for IPv6 (128 when not given), for a, mx, ip6
   * @param text the term as written, for the trace
   */
  record Directive(SpfResult qualifier, Kind kind, Optional<String> domainSpec, Optional<InetAddress> network,
      int cidr4, int cidr6, String text) implements Term {

    /** Whether the mechanism asks DNS (the §4.6.4 limit of 10). */
    boolean queriesDns() {
      return switch (kind) {
        case INCLUDE, A, MX, PTR, EXISTS -> true;
        case ALL, IP4, IP6 -> false;
      };
    }
  }

  /** A modifier: redirect, exp, or one we do not know, which is ignored (§6). */
  record Modifier(String name, String value, String text) implements Term {}
}
