package dev.sealpost.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How mail for other domains leaves: through DNS (MX, RFC 5321 §5.1) or a fixed route per domain or a
 * relayhost (smarthost) for everything, under a TLS policy per destination, retried on temporary
 * failures until {@code giveUpAfter}.
 *
 * @param dnsServers resolvers as HOST:PORT; empty means the system's
 * @param mxPort the port of MX hosts: 25 except in tests, which run receivers on other ports
 * @param defaultTls the policy for MX delivery where no domain entry says otherwise
 * @param domains per-domain entries: a fixed next hop and/or a TLS policy (a transport map)
 * @param relayhost when present, every remote message goes there, authenticated
 * @param trustedCas extra CA certificates (PEM) for verified outbound TLS, beside the system's
 * @param concurrency deliveries running at once in all
 * @param connectionsPerDestination open connections to one next hop at once; each carries several messages
 * @param mtaSts honour recipient domains' MTA-STS policies (RFC 8461); on by default
 * @param mtaStsPort the HTTPS port of policy hosts: 443 except in tests
 * @param downgradeProtection what happens when an MX host that was seen with verified TLS no longer
 *     offers it (see {@code outbound.TlsHistory})
 * @param downgradeMemory how long a verified sighting is remembered without being renewed
 * @param delayWarning when a message still waiting gets one "delayed" DSN (RFC 3464); empty for never
 * @param delayWarningsWithoutNotify also warn recipients' senders who gave no NOTIFY (RFC 3461 §4.1
 *     leaves it to us; off, since most such warnings confuse and those to forged senders are backscatter)
 * @param tlsReports whether and as whom daily TLS reports (RFC 8460) are sent
 */
public record OutboundConfig(List<String> dnsServers, int mxPort, OutboundTls defaultTls,
    Map<String, DomainRoute> domains, Optional<Relayhost> relayhost, List<Path> trustedCas, Duration firstRetry,
    Duration maxRetry, Duration giveUpAfter, int concurrency, int connectionsPerDestination, boolean mtaSts,
    int mtaStsPort, DowngradeProtection downgradeProtection, Duration downgradeMemory,
    Optional<Duration> delayWarning, boolean delayWarningsWithoutNotify, TlsReports tlsReports) {

  public static final OutboundConfig DEFAULT = new OutboundConfig(List.of(), 25, OutboundTls.MAY, Map.of(),
      Optional.empty(), List.of(), Duration.ofMinutes(5), Duration.ofHours(4), Duration.ofDays(5), 20, 4, true, 443,
      DowngradeProtection.DEFER, Duration.ofDays(30), Optional.of(Duration.ofHours(4)), false,
      TlsReports.DEFAULT);

  public OutboundConfig {
    java.util.Objects.requireNonNull(downgradeProtection, "downgradeProtection");
    java.util.Objects.requireNonNull(downgradeMemory, "downgradeMemory");
    java.util.Objects.requireNonNull(delayWarning, "delayWarning");
    java.util.Objects.requireNonNull(tlsReports, "tlsReports");
    dnsServers = List.copyOf(dnsServers);
    domains = Map.copyOf(domains);
    trustedCas = List.copyOf(trustedCas);
  }

  /** The same settings with other resolvers (dev mode's --dns). */
  public OutboundConfig withDnsServers(List<String> servers) {
    return new OutboundConfig(servers, mxPort, defaultTls, domains, relayhost, trustedCas, firstRetry, maxRetry,
        giveUpAfter, concurrency, connectionsPerDestination, mtaSts, mtaStsPort, downgradeProtection, downgradeMemory,
        delayWarning, delayWarningsWithoutNotify, tlsReports);
  }

  /**
   * TLS downgrade memory for MX hosts whose domains publish no MTA-STS or DANE policy: an MX host once
   * seen with STARTTLS and a certificate that verifies, and now without either, is a STARTTLS-stripping
   * or interception suspect.
   */
  public enum DowngradeProtection {
    /** The message waits (4.7.5) and an alert is logged: nothing goes out less protected than before. */
    DEFER,
    /** The message goes as the domain's policy allows, and an alert is logged. */
    ALERT,
    /** Nothing is remembered or checked. */
    OFF;

    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Daily TLS reports (RFC 8460) to the recipient domains that publish {@code _smtp._tls}.
   *
   * @param send on by default: the domains asked for them, and they are how a domain learns that its
   *     MTA-STS or DANE set-up fails
   * @param organization {@code organization-name}; empty: our host name
   * @param contact {@code contact-info} and the From of report mail; empty: the postmaster address
   */
  public record TlsReports(boolean send, Optional<String> organization, Optional<String> contact) {
    public static final TlsReports DEFAULT = new TlsReports(true, Optional.empty(), Optional.empty());
  }

  /** TLS between servers, as Postfix's smtp_tls_security_level names it. */
  public enum OutboundTls {
    /** Opportunistic STARTTLS: encrypted when offered, clear text otherwise (what the internet expects). */
    MAY,
    /** TLS required, any certificate. */
    ENCRYPT,
    /** TLS required, certificate valid for the MX (or route) host name. */
    VERIFY,
    /**
     * DANE required (RFC 7672, like Postfix's dane-only): the MX hosts must have DNSSEC-validated TLSA
     * records and a certificate matching them, or the message waits. DANE is also used, under any
     * policy, wherever such records are found.
     */
    DANE,
    /**
     * Like verify, because the recipient domain's MTA-STS policy (RFC 8461, mode enforce) says so and
     * restricts the MX hosts; never set in the configuration, only found at delivery time.
     */
    MTA_STS;

    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * A transport-map entry: where mail for a domain goes and how it must be protected. It wins over the
   * global relayhost, which wins over MX routing.
   *
   * @param host a fixed next hop (port 25 unless given), under {@code tls}
   * @param relayhost a smarthost for this domain only, as {@link OutboundConfig#relayhost()}; never with {@code host}
   */
  public record DomainRoute(Optional<String> host, int port, Optional<OutboundTls> tls, Optional<Relayhost> relayhost) {

    public DomainRoute(Optional<String> host, int port, Optional<OutboundTls> tls) {
      this(host, port, tls, Optional.empty());
    }
  }

  /**
   * A smarthost: every remote message goes to {@code host:port} on implicit TLS or required STARTTLS,
   * authenticated when a user is given, the certificate always verified.
   */
  public record Relayhost(String host, int port, boolean implicitTls, Optional<String> user,
      Optional<Path> passwordFile) {}

  /** The policy for a recipient domain: its own entry, else the default. */
  public OutboundTls tlsFor(String domain) {
    DomainRoute r = domains.get(domain);
    return r != null && r.tls().isPresent() ? r.tls().get() : defaultTls;
  }
}
