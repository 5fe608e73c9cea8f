package dev.sealpost.cli.probe;

import dev.sealpost.cli.probe.ProbeReport.VersionResult;
import dev.sealpost.cli.probe.ProbeReport.VersionResult.Status;
import dev.sealpost.cli.probe.ProbeTarget.Role;
import dev.sealpost.cli.probe.ProbeTarget.TlsMode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Audits one SMTP port the way an attacker and a careful sender would see it: what it says before TLS,
 * whether TLS is offered and required, which protocol versions and suites it accepts one by one, and
 * what its certificate is worth. It never sends credentials: "AUTH accepted before TLS" is detected by
 * the server's 334 to a bare {@code AUTH LOGIN}, which the probe then cancels with {@code *}.
 */
public final class MailServerProbe implements AutoCloseable {

  private static final String PROBE_SENDER = "<probe@sealpost.invalid>";

  private final ProbeTlsContexts contexts;
  private final CertificateAssessment certificates;
  private final Duration timeout;
  private final Duration cleartextWait;
  private final String heloName;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

  /**
   * @param cleartextWait how long to wait for a clear-text greeting on an implicit-TLS port before
   *     deciding that the server does not answer in clear text
   */
  public MailServerProbe(CertificateAssessment certificates, Duration timeout, Duration cleartextWait,
      String heloName) {
    this(new ProbeTlsContexts(), certificates, timeout, cleartextWait, heloName);
  }

  MailServerProbe(ProbeTlsContexts contexts, CertificateAssessment certificates, Duration timeout,
      Duration cleartextWait, String heloName) {
    this.contexts = contexts;
    this.certificates = certificates;
    this.timeout = timeout;
    this.cleartextWait = cleartextWait;
    this.heloName = heloName;
  }

  public ProbeReport probe(ProbeTarget requested) {
    ProbeTarget target = requested;
    if (target.mode() == null) {
      try {
        target = target.withMode(detectMode(target));
      } catch (ProbeIoException e) {
        Run failed = new Run(target.withMode(TlsMode.STARTTLS));
        failed.findings.add(Finding.error("connection-failed", e.getMessage()));
        return failed.report();
      }
    }
    Run run = new Run(target);
    try {
      if (target.mode() == TlsMode.IMPLICIT) {
        run.implicitTls();
      } else {
        run.startTls();
      }
    } catch (ProbeIoException e) {
      run.findings.add(Finding.error("connection-failed", e.getMessage()));
    } catch (RuntimeException e) {
      // A server can make any library throw; the report must still come out, naming what broke.
      run.findings.add(Finding.error("probe-failed", "the probe stopped: " + e));
    }
    return run.report();
  }

  /** A port that greets in clear text speaks STARTTLS; one that waits for the client speaks TLS first. */
  private TlsMode detectMode(ProbeTarget target) {
    try (SmtpLineChannel c = SmtpLineChannel.connect(group, target, timeout, null)) {
      Reply r = c.readReplyWithin(cleartextWait);
      return r != null ? TlsMode.STARTTLS : TlsMode.IMPLICIT;
    } catch (ProbeConnectException e) {
      throw e;
    } catch (ProbeIoException e) {
      return TlsMode.IMPLICIT; // it spoke, but not SMTP in clear text
    }
  }

  /** The mutable state of one probe run. */
  private final class Run {
    final ProbeTarget target;
    final List<Finding> findings = new ArrayList<>();
    final List<VersionResult> versions = new ArrayList<>();
    String greeting;
    List<String> before;
    List<String> inTls;
    String protocol;
    String cipher;
    CertificateAssessment.Result certificate;

    Run(ProbeTarget target) {
      this.target = target;
    }

    void implicitTls() {
      cleartextOnTlsPort();
      try (SmtpLineChannel c = SmtpLineChannel.connect(group, target, timeout, contexts.modern())) {
        tlsEstablished(Negotiated.of(c.tlsSession()));
        greet(c);
        inTls = ehlo(c).extensions();
        findings.add(Finding.ok("tls-first", "TLS starts before any SMTP byte (implicit TLS)"));
        authInTls();
      } catch (ProbeIoException e) {
        findings.add(Finding.error("tls-failed", "implicit TLS failed: " + e.getMessage()));
        return;
      }
      versionsAndSuites();
    }

    void startTls() {
      try (SmtpLineChannel c = SmtpLineChannel.connect(group, target, timeout, null)) {
        try {
          greet(c);
        } catch (ProbeIoException e) {
          findings.add(Finding.error("no-greeting", "no SMTP greeting in clear text (" + e.getMessage()
              + "); if this port speaks implicit TLS, probe it with --implicit"));
          return;
        }
        Reply ehlo = ehlo(c);
        before = ehlo.extensions();
        authBeforeTls(c, ehlo);
        if (target.role() == Role.SUBMISSION) {
          mailBeforeTls(c);
        }
        if (ehlo.extension("STARTTLS") == null) {
          findings.add(Finding.error("starttls-missing", "STARTTLS is not offered: mail to and from this port"
              + " travels in clear text"));
          return;
        }
        Reply r = c.command("STARTTLS");
        if (r.code() != 220) {
          findings.add(Finding.error("starttls-refused", "STARTTLS is advertised but answered " + r));
          return;
        }
        if (c.hasUnreadInput()) {
          findings.add(Finding.warning("starttls-extra-input", "the server sent more clear text after its 220"
              + " to STARTTLS; clients that read it after the handshake are open to response injection"));
        }
        try {
          tlsEstablished(Negotiated.of(c.startTls(contexts.modern(), target)));
        } catch (ProbeIoException e) {
          findings.add(Finding.error("tls-failed", "STARTTLS handshake failed: " + e.getMessage()));
          return;
        }
        inTls = ehlo(c).extensions();
        findings.add(Finding.ok("starttls", "STARTTLS works"));
        authInTls();
      }
      versionsAndSuites();
    }

    void greet(SmtpLineChannel c) {
      Reply g = c.readReply();
      greeting = g.toString();
      if (g.code() != 220) {
        throw new ProbeIoException("the server refused the session: " + g);
      }
    }

    Reply ehlo(SmtpLineChannel c) {
      Reply r = c.command("EHLO " + heloName);
      if (r.code() != 250) {
        throw new ProbeIoException("EHLO refused: " + r);
      }
      return r;
    }

    void cleartextOnTlsPort() {
      try (SmtpLineChannel c = SmtpLineChannel.connect(group, target, timeout, null)) {
        Reply r = c.readReplyWithin(cleartextWait);
        if (r != null && r.code() == 220) {
          findings.add(Finding.error("cleartext-on-tls-port", "the port answers in clear text (" + r + ")"
              + " although it is meant for implicit TLS"));
        } else {
          findings.add(Finding.ok("no-cleartext", "no clear-text SMTP greeting on the implicit-TLS port"));
        }
      } catch (ProbeIoException e) {
        // A TLS server that drops a silent client, or sends nothing: both are what we want to see.
        findings.add(Finding.ok("no-cleartext", "no clear-text SMTP greeting on the implicit-TLS port"));
      }
    }

    void authBeforeTls(SmtpLineChannel c, Reply ehlo) {
      String auth = ehlo.extension("AUTH");
      if (auth != null) {
        findings.add(Finding.error("auth-advertised-before-tls", "AUTH is advertised before TLS (" + auth
            + "): passwords can be sent in clear text"));
      }
      // Ask without credentials: a 334 means the server would take a password in clear text.
      Reply r = c.command("AUTH LOGIN");
      if (r.code() == 334) {
        c.command("*");
        findings.add(Finding.error("auth-accepted-before-tls", "AUTH LOGIN is accepted before TLS (the"
            + " server answered 334 and waits for a user name in clear text)"));
      } else if (auth == null) {
        findings.add(Finding.ok("no-auth-before-tls", "AUTH is neither advertised nor accepted before TLS ("
            + r + ")"));
      }
    }

    void mailBeforeTls(SmtpLineChannel c) {
      Reply r = c.command("MAIL FROM:" + PROBE_SENDER);
      if (r.positive()) {
        c.command("RSET");
        findings.add(Finding.error("tls-not-required", "a mail transaction can start before TLS (" + r
            + "): TLS is allowed but not enforced on this submission port"));
      } else {
        findings.add(Finding.ok("tls-required", "mail is refused before TLS (" + r + ")"));
      }
    }

    void authInTls() {
      String auth = inTls.stream().filter(e -> e.equals("AUTH") || e.startsWith("AUTH ")).findFirst()
          .orElse(null);
      if (auth != null) {
        findings.add(Finding.info("auth-in-tls", "inside TLS: " + auth));
      } else if (target.role() == Role.SUBMISSION) {
        findings.add(Finding.warning("auth-missing", "no AUTH inside TLS on a submission port"));
      }
      if (inTls.contains("REQUIRETLS")) {
        findings.add(Finding.info("requiretls", "REQUIRETLS (RFC 8689) is offered"));
      }
    }

    void tlsEstablished(Negotiated n) {
      protocol = n.protocol();
      cipher = n.cipher();
      certificate = certificates.assess(n.chain(), target.host());
      for (Finding f : certificate.findings()) {
        findings.add(target.role() == Role.MX && f.severity() == Finding.Severity.ERROR
            && CertificateAssessment.AUTHENTICATION_FAILURES.contains(f.id())
            ? Finding.warning(f.id(), f.summary() + "; senders with an MTA-STS, DANE or verify policy will"
                + " refuse to deliver")
            : f);
      }
      findings.add(ProbeTlsContexts.strong(protocol, cipher)
          ? Finding.ok("negotiated", "negotiated " + protocol + " with " + cipher)
          : Finding.warning("negotiated-weak", "the server chose " + cipher + " over " + protocol
              + " although forward-secret AEAD suites were offered first"));
    }

    void versionsAndSuites() {
      for (String v : ProbeTlsContexts.VERSIONS) {
        versions.add(tryVersion(v));
      }
      judgeVersions();
      weakSuites();
    }

    VersionResult tryVersion(String version) {
      if (!contexts.canOffer(version)) {
        return new VersionResult(version, Status.NOT_TESTED, null, "the " + contexts.providerName()
            + " provider on this machine cannot offer " + version);
      }
      try {
        Negotiated n = handshake(contexts.only(version));
        return new VersionResult(version, Status.ACCEPTED, n.cipher(), null);
      } catch (ProbeIoException e) {
        return new VersionResult(version, Status.REFUSED, null, e.getMessage());
      }
    }

    /**
     * A fresh connection brought to TLS with {@code ctx}; what it negotiated, read before the connection
     * closes (an OpenSSL session is freed with its engine).
     */
    Negotiated handshake(SslContext ctx) {
      if (target.mode() == TlsMode.IMPLICIT) {
        try (SmtpLineChannel c = SmtpLineChannel.connect(group, target, timeout, ctx)) {
          return Negotiated.of(c.tlsSession());
        }
      }
      try (SmtpLineChannel c = SmtpLineChannel.connect(group, target, timeout, null)) {
        greet(c);
        ehlo(c);
        Reply r = c.command("STARTTLS");
        if (r.code() != 220) {
          throw new ProbeIoException("STARTTLS answered " + r);
        }
        return Negotiated.of(c.startTls(ctx, target));
      }
    }

    void judgeVersions() {
      for (VersionResult v : versions) {
        String name = v.version().equals(ProbeTlsContexts.TLS_1_0) ? "TLS 1.0" : v.version().replace("TLSv", "TLS ");
        String id = name.toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        boolean legacy = v.version().equals(ProbeTlsContexts.TLS_1_0) || v.version().equals(ProbeTlsContexts.TLS_1_1);
        switch (v.status()) {
          case ACCEPTED -> findings.add(legacy
              ? Finding.error(id + "-accepted", name + " is accepted (" + v.cipher() + "); it is deprecated"
                  + " (RFC 8996) and must be disabled")
              : Finding.ok(id + "-accepted", name + " is accepted (" + v.cipher() + ")"));
          case REFUSED -> findings.add(legacy
              ? Finding.ok(id + "-refused", name + " is refused")
              : v.version().equals(ProbeTlsContexts.TLS_1_3)
                  ? Finding.warning(id + "-refused", "TLS 1.3 is not supported")
                  : Finding.info(id + "-refused", "TLS 1.2 is refused; senders without TLS 1.3 cannot connect"));
          case NOT_TESTED -> findings.add(Finding.info(id + "-not-tested", name + " not tested: " + v.detail()));
        }
      }
      boolean modern = versions.stream().anyMatch(v -> v.status() == Status.ACCEPTED
          && (v.version().equals(ProbeTlsContexts.TLS_1_2) || v.version().equals(ProbeTlsContexts.TLS_1_3)));
      if (!modern) {
        findings.add(Finding.error("no-modern-tls", "neither TLS 1.2 nor TLS 1.3 is accepted"));
      }
    }

    void weakSuites() {
      boolean tls12 = versions.stream().anyMatch(v -> v.version().equals(ProbeTlsContexts.TLS_1_2)
          && v.status() == Status.ACCEPTED);
      if (!tls12) {
        return;
      }
      try {
        Negotiated n = handshake(contexts.weakSuitesOnly());
        findings.add(Finding.warning("weak-cipher-suites", "TLS 1.2 accepts " + n.cipher()
            + " when a client offers only suites without forward secrecy or with CBC"));
      } catch (ProbeIoException e) {
        findings.add(Finding.ok("no-weak-cipher-suites", "TLS 1.2 refuses suites without forward secrecy"
            + " or AEAD"));
      }
    }

    ProbeReport report() {
      return new ProbeReport(target.toString(), target.mode().name().toLowerCase(java.util.Locale.ROOT),
          target.role().name().toLowerCase(java.util.Locale.ROOT), contexts.providerName(), greeting, before, inTls, protocol, cipher,
          versions, certificate, findings);
    }
  }

  /** What a handshake settled, copied out of the session while it is alive. */
  private record Negotiated(String protocol, String cipher, List<X509Certificate> chain) {
    static Negotiated of(SSLSession s) {
      return new Negotiated(s.getProtocol(), s.getCipherSuite(), peerChain(s));
    }
  }

  private static List<X509Certificate> peerChain(SSLSession s) {
    try {
      Certificate[] certs = s.getPeerCertificates();
      return Arrays.stream(certs).filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
  }
}
