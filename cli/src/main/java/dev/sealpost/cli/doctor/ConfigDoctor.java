package dev.sealpost.cli.doctor;

import dev.sealpost.cli.probe.Finding;
import dev.sealpost.cli.probe.Finding.Severity;
import dev.sealpost.server.config.ListenerConfig;
import dev.sealpost.server.config.ListenerKind;
import dev.sealpost.server.config.OutboundConfig;
import dev.sealpost.server.config.ServerConfig;
import dev.sealpost.tls.CertificateChecks;
import dev.sealpost.tls.CertificateFinding;
import dev.sealpost.tls.HostnameMatcher;
import dev.sealpost.tls.PemKeyMaterialLoader;
import dev.sealpost.tls.ServerKeyMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * `sealpost doctor` without the network: what in a configuration leaves mail exposed or fails
 * receivers' checks. Some mistakes cannot be made in Sealpost (AUTH before TLS, a submission port without
 * TLS, an open relay); those are reported as OK, so that an auditor sees they were considered.
 */
public final class ConfigDoctor {

  private ConfigDoctor() {}

  public static List<Finding> check(ServerConfig c, Instant now) {
    List<Finding> out = new ArrayList<>();
    tls(c, now, out);
    listeners(c, out);
    out.add(new Finding(Severity.OK, "auth-only-in-tls", "AUTH is offered and accepted only inside TLS on every"
        + " listener, and submission (587) requires STARTTLS first: Sealpost has no setting to change that"));
    out.add(new Finding(Severity.OK, "no-open-relay", "mail for other domains is accepted only from authenticated"
        + " users: no setting allows unauthenticated relay"));
    senders(c, out);
    AcmeDoctor.check(c, out);
    outbound(c.outbound(), out);
    dkim(c, out);
    if (!c.inbound().checks()) {
      out.add(new Finding(Severity.WARNING, "inbound-checks-off", "[inbound] checks = false: mail from other servers"
          + " is not checked for SPF, DKIM or DMARC, so forged senders reach the mailboxes"));
    } else if (!c.inbound().dmarcEnforce()) {
      out.add(new Finding(Severity.WARNING, "dmarc-not-enforced", "[inbound] dmarc-enforce = false: domains that ask"
          + " for reject or quarantine are not protected from spoofing here"));
    }
    return out;
  }

  private static void tls(ServerConfig c, Instant now, List<Finding> out) {
    if (c.tls().allowLegacyProtocols() || c.tls().protocols().stream().anyMatch(p -> p.equals("TLSv1")
        || p.equals("TLSv1.1"))) {
      out.add(new Finding(Severity.ERROR, "weak-protocols", "protocols " + c.tls().protocols()
          + " with allow-legacy-protocols: TLS 1.0/1.1 are broken (RFC 8996); keep [\"TLSv1.3\", \"TLSv1.2\"]"));
    } else {
      out.add(new Finding(Severity.OK, "protocols", "TLS " + c.tls().protocols() + " only, modern cipher suites"));
    }
    secretFile(c.tls().key(), "tls-key-permissions", "TLS private key", out);
    if (c.tls().startWithExpiredCertificate()) {
      out.add(new Finding(Severity.WARNING, "expired-allowed", "[tls] start-with-expired-certificate = true: an"
          + " expired certificate would be served; remove it once the renewal is fixed"));
    }
    ServerKeyMaterial m;
    try {
      m = PemKeyMaterialLoader.load(c.tls().certificate(), c.tls().key());
    } catch (RuntimeException e) {
      out.add(new Finding(Severity.ERROR, "certificate-unusable", e.getMessage()));
      return;
    }
    for (CertificateFinding f : CertificateChecks.check(m, now)) {
      out.add(new Finding(switch (f.severity()) {
        case ERROR -> Severity.ERROR;
        case WARNING -> Severity.WARNING;
        case INFO -> Severity.INFO;
      }, "certificate", f.message()));
    }
    dev.sealpost.tls.ChainCompleteness.missingIssuer(m.chain(),
        java.util.Optional.of(c.dataDir().resolve("tls").resolve("ca.pem")))
        .ifPresent(problem -> out.add(new Finding(Severity.WARNING, "chain-incomplete", problem)));
    for (var pair : c.tls().alternatives()) {
      secretFile(pair.key(), "tls-key-permissions", "TLS private key", out);
      try {
        ServerKeyMaterial alt = PemKeyMaterialLoader.load(pair.certificate(), pair.key());
        for (CertificateFinding f : CertificateChecks.check(alt, now)) {
          if (f.severity() != CertificateFinding.Severity.INFO) {
            out.add(new Finding(f.severity() == CertificateFinding.Severity.ERROR ? Severity.ERROR : Severity.WARNING,
                "sni-certificate", pair.certificate() + ": " + f.message()));
          }
        }
      } catch (RuntimeException e) {
        out.add(new Finding(Severity.ERROR, "sni-certificate-unusable", pair.certificate() + ": " + e.getMessage()));
      }
    }
    if (!HostnameMatcher.matches(m.leaf(), c.hostname())) {
      out.add(new Finding(Severity.ERROR, "hostname-not-covered", "the certificate names " + HostnameMatcher.names(m.leaf())
          + " but the server calls itself " + c.hostname() + ": senders that verify (MTA-STS, DANE, verify)"
          + " will refuse it"));
    } else {
      out.add(new Finding(Severity.OK, "hostname-covered", "the certificate is valid for " + c.hostname()));
    }
  }

  private static void listeners(ServerConfig c, List<Finding> out) {
    for (ListenerConfig l : c.listeners()) {
      int port = l.address().getPort();
      if (l.kind() == ListenerKind.SMTP && (port == 465 || port == 587)) {
        out.add(new Finding(Severity.WARNING, "listener-port", "listener " + l.name() + " is the MX kind (no AUTH) on"
            + " submission port " + port + ": mail clients will fail to log in"));
      }
      if (l.kind() != ListenerKind.SMTP && port == 25) {
        out.add(new Finding(Severity.WARNING, "listener-port", "listener " + l.name() + " (" + l.kind()
            + ") on port 25: other servers deliver there without TLS-first or AUTH and will fail"));
      }
    }
    if (c.listeners().stream().noneMatch(l -> l.kind() != ListenerKind.SMTP)) {
      out.add(new Finding(Severity.INFO, "no-submission", "no submission listener: users and applications cannot send"));
    }
  }

  private static void senders(ServerConfig c, List<Finding> out) {
    c.senders().forEach((user, patterns) -> {
      for (String p : patterns) {
        if (p.startsWith("@") && !c.domains().contains(p.substring(1))) {
          out.add(new Finding(Severity.WARNING, "foreign-sender", user + " may send as any address " + p + ", a domain"
              + " this server does not serve: its mail will fail SPF/DKIM/DMARC at receivers, or spoof it"));
        }
      }
    });
  }

  private static void outbound(OutboundConfig o, List<Finding> out) {
    if (!o.mtaSts()) {
      out.add(new Finding(Severity.WARNING, "mta-sts-off", "[outbound] mta-sts = false: domains that publish MTA-STS"
          + " enforce get mail over a path a downgrade attacker can strip"));
    }
    if (o.downgradeProtection() == OutboundConfig.DowngradeProtection.OFF) {
      out.add(new Finding(Severity.WARNING, "downgrade-memory-off", "[outbound] downgrade-protection = \"off\": a"
          + " STARTTLS-stripping attacker can read mail for MX hosts that did verified TLS before"));
    }
    o.domains().forEach((domain, route) -> {
      if (route.tls().orElse(o.defaultTls()) == OutboundConfig.OutboundTls.MAY && route.host().isPresent()) {
        out.add(new Finding(Severity.WARNING, "cleartext-fallback", "mail for " + domain + " goes to a fixed host "
            + route.host().get() + " with tls = \"may\": clear text is possible on that route; use verify"));
      }
    });
  }

  private static void dkim(ServerConfig c, List<Finding> out) {
    for (String domain : c.domains()) {
      if (c.dkim().stream().noneMatch(k -> k.domain().equals(domain))) {
        out.add(new Finding(Severity.WARNING, "dkim-missing", "no [[dkim]] key for " + domain + ": its mail leaves"
            + " unsigned and fails DMARC wherever SPF does not align"));
      }
    }
    for (ServerConfig.DkimKeyConfig k : c.dkim()) {
      if (!Files.isReadable(k.keyFile())) {
        out.add(new Finding(Severity.ERROR, "dkim-key-unreadable", "DKIM key " + k.keyFile() + " cannot be read"));
      } else {
        secretFile(k.keyFile(), "dkim-key-permissions", "DKIM key", out);
      }
    }
  }

  static void secretFile(Path file, String id, String what, List<Finding> out) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.OTHERS_READ) || p.contains(PosixFilePermission.GROUP_READ)
          || p.contains(PosixFilePermission.OTHERS_WRITE) || p.contains(PosixFilePermission.GROUP_WRITE)) {
        out.add(new Finding(Severity.ERROR, id, what + " " + file + " is readable or writable by others: chmod 600 "
            + file));
      }
    } catch (IOException | UnsupportedOperationException e) {
      out.add(new Finding(Severity.ERROR, id, what + " " + file + " cannot be checked: " + e.getMessage()));
    }
  }
}
