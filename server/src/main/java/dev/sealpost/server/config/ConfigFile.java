package dev.sealpost.server.config;

import java.util.List;
import java.util.Map;

/**
 * The configuration file as written, before validation: absent keys are null here and get their
 * documented defaults in {@link ConfigLoader}. Keys are kebab-case in the file.
 */
record ConfigFile(
    String hostname,
    String dataDir,
    List<String> domains,
    String usersFile,
    String postmaster,
    Map<String, List<String>> senders,
    Tls tls,
    LimitsSection limits,
    List<Listener> listeners,
    Smtp smtp,
    Received received,
    Outbound outbound,
    Long shutdownGraceSeconds,
    List<Dkim> dkim,
    Inbound inbound,
    Acme acme) {

  record Acme(String directory, Boolean agreeToTerms, List<String> names, String email, String challenge,
      String httpListen, String tlsAlpnListen, String caBundle, String keyType, Long checkIntervalSeconds,
      Long retryFirstSeconds, Long retryMaxSeconds) {}

  record Inbound(Boolean checks, Boolean dmarcEnforce, Long timeoutSeconds) {}

  record Dkim(String domain, String selector, String keyFile) {}

  record Tls(String certificate, String key, List<String> protocols, Boolean allowLegacyProtocols,
      Boolean startWithExpiredCertificate, List<CertificatePair> certificates) {}

  record CertificatePair(String certificate, String key) {}

  record LimitsSection(Long maxMessageSize, Integer maxRecipients, Long idleTimeoutSeconds,
      Integer maxConnections, Integer maxConnectionsPerClient, Integer maxErrors) {}

  record Listener(String name, ListenerKind kind, String address) {}

  record Smtp(Long greetingDelayMillis, String pregreet) {}

  record Received(Boolean showAuthenticatedUser) {}

  record Outbound(List<String> dns, Integer mxPort, String tls, List<OutboundDomain> domains, Relayhost relayhost,
      List<String> trustedCas, Long firstRetrySeconds, Long maxRetrySeconds, Long giveUpAfterHours,
      Integer concurrency, Integer connectionsPerDestination, Boolean mtaSts, Integer mtaStsPort,
      String downgradeProtection, Long downgradeMemoryDays, Long delayWarningHours,
      Boolean delayWarningsWithoutNotify, TlsReports tlsReports) {}

  record TlsReports(Boolean send, String organization, String contact) {}

  record OutboundDomain(String domain, String host, String tls, Relayhost relayhost) {}

  record Relayhost(String host, String tls, String user, String passwordFile) {}
}
