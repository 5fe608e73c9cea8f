package dev.sealpost.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated configuration of one server. Built once at start by {@link ConfigLoader}; every path is
 * absolute.
 *
 * @param hostname the name in the greeting, the EHLO reply and Received headers
 * @param dataDir the directory holding the spool, mailboxes and (by default) TLS files and users
 * @param domains the local domains, lower-case A-labels: only these receive mail on port 25
 * @param usersFile the Argon2id users file
 * @param postmaster where mail for postmaster@ a local domain (and bare &lt;Postmaster&gt;) goes
 * @param senders extra MAIL FROM addresses per authenticated user (the user's own is always allowed)
 * @param greetingDelay pause before the greeting on port 25, so that clients talking early are noticed
 * @param rejectPregreet close sessions that talk before the greeting instead of only logging them
 * @param showAuthenticatedUser put the authenticated user into Received headers
 * @param outbound routing, TLS policy and retries for mail to other domains
 * @param dkim signing keys: mail submitted by authenticated users is signed with the keys of its From domain
 * @param inbound the trust checks of mail received on port 25
 * @param acme certificates obtained and renewed by ACME into the {@code [tls]} files, when configured
 */
public record ServerConfig(
    String hostname,
    Path dataDir,
    List<String> domains,
    Path usersFile,
    Optional<String> postmaster,
    Map<String, List<String>> senders,
    TlsSettings tls,
    Limits limits,
    List<ListenerConfig> listeners,
    Duration greetingDelay,
    boolean rejectPregreet,
    boolean showAuthenticatedUser,
    OutboundConfig outbound,
    Duration shutdownGrace,
    List<DkimKeyConfig> dkim,
    InboundConfig inbound,
    Optional<AcmeConfig> acme) {

  /**
   * @param checks SPF, DKIM and DMARC on port 25, with an Authentication-Results field on each message
   * @param dmarcEnforce act on DMARC p=reject (550 after DATA) and p=quarantine (Junk folder)
   * @param timeout the longest the checks may keep a client waiting for the reply to DATA; after it the
   *     message is accepted as not authenticated (slow DNS must not turn into lost or refused mail)
   */
  public record InboundConfig(boolean checks, boolean dmarcEnforce, Duration timeout) {
    public static final InboundConfig DEFAULT = new InboundConfig(true, true, Duration.ofSeconds(20));
  }

  /** A DKIM signing key: d=, s= and the PKCS#8 PEM private key file (mode 600). */
  public record DkimKeyConfig(String domain, String selector, Path keyFile) {}

  /** The same configuration with other DKIM keys (dev mode adds its own). */
  public ServerConfig withDkim(List<DkimKeyConfig> keys) {
    return new ServerConfig(hostname, dataDir, domains, usersFile, postmaster, senders, tls, limits, listeners,
        greetingDelay, rejectPregreet, showAuthenticatedUser, outbound, shutdownGrace, List.copyOf(keys), inbound, acme);
  }

  /** The same configuration with other ACME settings (dev mode, tests). */
  public ServerConfig withAcme(Optional<AcmeConfig> settings) {
    return new ServerConfig(hostname, dataDir, domains, usersFile, postmaster, senders, tls, limits, listeners,
        greetingDelay, rejectPregreet, showAuthenticatedUser, outbound, shutdownGrace, dkim, inbound, settings);
  }

  public Path spoolDir() {
    return dataDir.resolve("spool");
  }

  public Path mailDir() {
    return dataDir.resolve("mail");
  }
}
