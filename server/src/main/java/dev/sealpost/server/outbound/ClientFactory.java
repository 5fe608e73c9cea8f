package dev.sealpost.server.outbound;

import dev.sealpost.client.Credentials;
import dev.sealpost.client.Security;
import dev.sealpost.client.SmtpClient;
import dev.sealpost.client.Timeouts;
import dev.sealpost.client.TlsOptions;
import dev.sealpost.server.config.OutboundConfig.OutboundTls;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the SMTP client for one hop under its TLS policy. {@code verify} and relayhosts check the
 * certificate against the system CAs (plus configured ones) for the hop's host name; REQUIRETLS
 * messages (RFC 8689 §4.2) get nothing less than {@code verify}, whatever the domain's policy.
 */
final class ClientFactory implements AutoCloseable {

  /** Clients kept at once; beyond it all are closed and rebuilt on demand (their pools reconnect). */
  private static final int MAX_CLIENTS = 1000;

  /** What makes two hops share a client, and so its pool of open connections. */
  private record Key(String host, int port, java.net.InetAddress address, OutboundTls policy, boolean clearText,
      java.util.List<dev.sealpost.dns.TlsaRecord> tlsa, String user) {}

  private final java.util.concurrent.ConcurrentHashMap<Key, SmtpClient> clients =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final dev.sealpost.client.PoolSettings pool;

  private final String heloName;
  private final List<java.security.cert.X509Certificate> trustedCas;

  /** Reads the extra CA files once, at start: a missing or broken file stops the start, naming it. */
  ClientFactory(String heloName, List<Path> trustedCaFiles, int connectionsPerDestination) {
    this.heloName = heloName;
    // One connection carries several messages (RSET between them); at most this many per destination.
    this.pool = new dev.sealpost.client.PoolSettings(connectionsPerDestination, java.time.Duration.ofSeconds(30),
        java.time.Duration.ofSeconds(2), 100);
    this.trustedCas = TrustedCas.load(trustedCaFiles);
  }

  /**
   * @param clearText for {@code may} only: the retry in clear text after a STARTTLS handshake failed
   *     (RFC 7435 §3: opportunistic security must not make delivery fail where clear text would work)
   */
  SmtpClient forHop(NextHop hop, boolean requireTls, boolean clearText) {
    Key key = new Key(hop.host(), hop.port(), hop.address(), effectivePolicy(hop, requireTls), clearText, hop.tlsa(),
        hop.credentials().map(NextHop.Credentials::user).orElse(""));
    if (clients.size() >= MAX_CLIENTS && !clients.containsKey(key)) {
      close();
    }
    return clients.computeIfAbsent(key, k -> build(hop, requireTls, clearText));
  }

  private SmtpClient build(NextHop hop, boolean requireTls, boolean clearText) {
    SmtpClient.Builder b = SmtpClient.builder().pool(pool).host(hop.host()).port(hop.port()).address(hop.address())
        .heloName(heloName).timeouts(Timeouts.rfc5321())
        // A relay passes DSN requests on where it can and writes the reports itself where it cannot.
        .dropDsnParametersWhenUnsupported();
    TlsOptions.Builder tls = TlsOptions.builder();
    trustedCas.forEach(tls::trust);
    switch (effectivePolicy(hop, requireTls)) {
      case VERIFY, MTA_STS -> b.security(hop.implicitTls() ? Security.implicitTls() : Security.startTlsRequired());
      case ENCRYPT -> {
        b.security(hop.implicitTls() ? Security.implicitTls() : Security.startTlsRequired());
        tls.noAuthentication();
      }
      case MAY -> b.security(clearText ? Security.insecureCleartext() : Security.opportunisticStartTls());
      case DANE -> {
        // RFC 7672 §3.1: the TLSA records, not the CA system, authenticate the server; SNI is the TLSA base domain.
        b.security(Security.startTlsRequired());
        tls.dane(hop.tlsa().stream().map(t -> new dev.sealpost.client.TlsaAssociation(t.usage(), t.selector(),
            t.matchingType(), t.data())).toList(), hop.tlsaBase(), hop.host());
      }
    }
    b.tls(tls.build());
    hop.credentials().ifPresent(c -> b.credentials(Credentials.password(c.user(), c.password())));
    return b.build();
  }

  /** REQUIRETLS messages (RFC 8689 §4.2) get nothing less than verify, whatever the domain's policy. */
  static OutboundTls effectivePolicy(NextHop hop, boolean requireTls) {
    boolean authenticated = hop.tls() == OutboundTls.MTA_STS || hop.tls() == OutboundTls.DANE
        || hop.tls() == OutboundTls.VERIFY;
    return requireTls && !authenticated ? OutboundTls.VERIFY : hop.tls();
  }

  /** Closes every client and its pooled connections (QUIT). */
  @Override
  public void close() {
    for (var it = clients.values().iterator(); it.hasNext(); ) {
      SmtpClient c = it.next();
      it.remove();
      c.close();
    }
  }

  /** The extra trust anchors, for other verified connections (MTA-STS policy fetches). */
  List<java.security.cert.X509Certificate> trustedCas() {
    return trustedCas;
  }
}
