package dev.sealpost.server;

import dev.sealpost.server.auth.AuthFailureThrottle;
import dev.sealpost.server.auth.SenderPolicy;
import dev.sealpost.server.auth.UsersFileAuthenticator;
import dev.sealpost.server.auth.VerificationCache;
import dev.sealpost.server.config.ServerConfig;
import dev.sealpost.server.delivery.LocalDeliveryAgent;
import dev.sealpost.server.delivery.MailboxLocator;
import dev.sealpost.server.netty.SmtpServer;
import dev.sealpost.server.smtp.LocalRecipients;
import dev.sealpost.server.smtp.SessionServices;
import dev.sealpost.server.spool.GroupCommitter;
import dev.sealpost.server.spool.Spool;
import dev.sealpost.server.spool.SpoolRecovery;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Sealpost server: wires configuration, TLS, users, spool, local delivery and listeners, and
 * takes them down again in the right order.
 */
public final class SealpostServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SealpostServer.class);

  private final ServerConfig config;
  private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sealpost-timer");
    t.setDaemon(true);
    return t;
  });
  private DataDirLock lock;
  private GroupCommitter committer;
  private LocalDeliveryAgent localDelivery;
  private dev.sealpost.server.outbound.OutboundQueue outbound;
  private dev.sealpost.server.outbound.tlsrpt.TlsRptRecorder tlsRpt;
  private dev.sealpost.server.outbound.tlsrpt.DailyTlsReports tlsReports;
  private dev.sealpost.server.control.ControlServer control;
  private CertificateReloader certificates;
  private dev.sealpost.server.acme.AcmeCertificates acme;
  private SmtpServer smtp;

  private SealpostServer(ServerConfig config) {
    this.config = config;
  }

  /** Starts everything or nothing: on any failure what was started is stopped and the error thrown. */
  public static SealpostServer start(ServerConfig config) {
    SealpostServer server = new SealpostServer(config);
    try {
      server.startAll();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void startAll() {
    Clock clock = Clock.systemUTC();
    lock = DataDirLock.acquire(config.dataDir());
    config.acme().ifPresent(a -> dev.sealpost.server.acme.AcmeCertificates.placeholderIfMissing(a, config.tls(), clock));
    certificates = new CertificateReloader(config.tls(), clock, config.hostname());
    timer.scheduleWithFixedDelay(certificates::poll, 2, 2, TimeUnit.SECONDS);
    if (config.acme().isPresent()) {
      try {
        acme = dev.sealpost.server.acme.AcmeCertificates.start(config.acme().get(), config.tls(), config.dataDir(),
            why -> certificates.reload(why, true), clock);
      } catch (IllegalStateException e) { // e.g. port 80 taken or not allowed
        throw new StartupException("ACME: " + e.getMessage(), e);
      }
    }
    SecretFiles.check(config.usersFile(), "users file");
    config.outbound().relayhost().flatMap(r -> r.passwordFile())
        .ifPresent(f -> SecretFiles.check(f, "relayhost password file"));
    config.outbound().domains().values().forEach(d -> d.relayhost().flatMap(r -> r.passwordFile())
        .ifPresent(f -> SecretFiles.check(f, "relayhost password file")));
    UsersWatcher users = new UsersWatcher(config.usersFile());
    timer.scheduleWithFixedDelay(users::poll, 2, 2, TimeUnit.SECONDS);

    committer = new GroupCommitter();
    Spool spool = Spool.open(config.spoolDir(), committer);
    MailboxLocator mailboxes = new MailboxLocator(config.mailDir());
    LocalRecipients recipients = new LocalRecipients(config.domains(), users, config.postmaster());
    // Bounces are queued like any message: local delivery takes them, or hands them to the outbound queue.
    var bounceTarget = new java.util.concurrent.atomic.AtomicReference<LocalDeliveryAgent>();
    outbound = dev.sealpost.server.outbound.OutboundQueue.create(spool, config.outbound(), dnsResolver(),
        config.hostname(), new dev.sealpost.server.outbound.SpoolBounces(config.hostname(), spool,
            recipients::isLocalDomain, id -> bounceTarget.get().submit(id), clock,
            new dev.sealpost.server.dsn.DsnPolicy(config.outbound().delayWarningsWithoutNotify())), blocking, clock,
        config.dataDir().resolve("mta-sts"), java.util.Optional.of(tlsRpt = dev.sealpost.server.outbound.tlsrpt
            .TlsRptRecorder.open(config.dataDir().resolve("tlsrpt"), clock)),
        config.dataDir().resolve("tls-history.json"), dkimSigning(clock));
    localDelivery = new LocalDeliveryAgent(spool, mailboxes::maildirOf, blocking, outbound::submit);
    bounceTarget.set(localDelivery);
    outbound.start();
    if (config.outbound().tlsReports().send()) {
      tlsReports = dailyTlsReports(new dev.sealpost.server.outbound.GeneratedMail(config.hostname(), spool,
          recipients::isLocalDomain, localDelivery::submit, clock), clock);
      tlsReports.start();
    }
    var recovered = SpoolRecovery.recover(config.spoolDir());
    recovered.forEach(localDelivery::submit);
    if (!recovered.isEmpty()) {
      LOG.info("event=spool-recovered messages={}", recovered.size());
    }

    SessionServices services = new SessionServices(config,
        recipients,
        new UsersFileAuthenticator(users, blocking, new VerificationCache(clock)),
        new AuthFailureThrottle(clock),
        new SenderPolicy(config.senders()),
        new SpoolDeliveryTarget(spool, localDelivery, inboundAuthenticator(clock), config.inbound().timeout()),
        clock);
    smtp = SmtpServer.start(config, services, certificates);
    installSighup();
    List<dev.sealpost.server.control.ControlCommand> commands = new java.util.ArrayList<>(
        dev.sealpost.server.control.QueueCommands.of(outbound));
    commands.add(dev.sealpost.server.control.TlsHistoryCommands.forget(outbound));
    commands.add(new dev.sealpost.server.control.ControlCommand() {
      @Override
      public String name() {
        return "tls-reload";
      }

      @Override
      public String run(List<String> args) throws dev.sealpost.server.control.ControlException {
        try {
          return certificates.reload("sealpost reload");
        } catch (StartupException e) {
          throw new dev.sealpost.server.control.ControlException(e.getMessage());
        }
      }
    });
    commands.add(dev.sealpost.server.control.ControlCommand.of("metrics", args -> "# sealpost metrics\n"
        + Metrics.prometheus(certificates.served(), acme().map(a -> a.status()), clock.instant())));
    commands.add(dev.sealpost.server.control.ControlCommand.of("acme-renew", args -> {
      if (acme == null) {
        throw new dev.sealpost.server.control.ControlException("ACME is not configured ([acme] in the configuration)");
      }
      String outcome = acme.renewNow();
      if (outcome.startsWith("renewal failed") || outcome.startsWith("error")) {
        throw new dev.sealpost.server.control.ControlException(outcome);
      }
      return outcome;
    }));
    try {
      control = dev.sealpost.server.control.ControlServer.start(config.dataDir().resolve("control.sock"), commands);
    } catch (IOException e) {
      throw new StartupException("cannot open the control socket " + config.dataDir().resolve("control.sock")
          + ": " + e.getMessage(), e);
    }
  }

  private dev.sealpost.dns.DnsResolver dnsResolver() {
    var b = dev.sealpost.dns.DnsjavaResolver.builder();
    if (!config.outbound().dnsServers().isEmpty()) {
      b.servers(config.outbound().dnsServers().stream().map(dev.sealpost.dns.DnsServer::parse).toList());
    }
    return b.build();
  }

  /**
   * RFC 8460 reports as this server sends them: from the contact address (else the postmaster, else
   * postmaster@hostname), through the queue for mailto, by HTTPS POST with the outbound trust.
   */
  private dev.sealpost.server.outbound.tlsrpt.DailyTlsReports dailyTlsReports(
      dev.sealpost.server.outbound.GeneratedMail mail, Clock clock) {
    var settings = config.outbound().tlsReports();
    String from = settings.contact().or(config::postmaster).orElse("postmaster@" + config.hostname());
    var reporter = new dev.sealpost.server.outbound.tlsrpt.TlsReport.Reporter(
        settings.organization().orElse(config.hostname()), from, config.hostname());
    var poster = new dev.sealpost.server.outbound.tlsrpt.HttpsReportPoster(
        dev.sealpost.server.outbound.mtasts.WebPkiTrust.context(
            dev.sealpost.server.outbound.TrustedCas.load(config.outbound().trustedCas())), Duration.ofSeconds(30));
    var sender = new dev.sealpost.server.outbound.tlsrpt.TlsReportSender(tlsRpt, dnsResolver(), reporter, from,
        (f, to, message) -> mail.queue(f, to, message, false, false, "tlsrpt"), poster, clock);
    return new dev.sealpost.server.outbound.tlsrpt.DailyTlsReports(tlsRpt, sender, clock,
        new java.security.SecureRandom());
  }

  /** SPF, DKIM and DMARC for mail from other servers, unless turned off ([inbound] checks = false). */
  private java.util.Optional<dev.sealpost.server.inbound.InboundAuthenticator> inboundAuthenticator(Clock clock) {
    if (!config.inbound().checks()) {
      return java.util.Optional.empty();
    }
    var dns = dnsResolver();
    var mx = config.listeners().stream().filter(l -> l.kind() == dev.sealpost.server.config.ListenerKind.SMTP)
        .map(dev.sealpost.server.config.ListenerConfig::name).collect(java.util.stream.Collectors.toSet());
    return java.util.Optional.of(new dev.sealpost.server.inbound.InboundAuthenticator(
        new dev.sealpost.mailauth.spf.SpfEvaluator(dns, config.hostname(), clock),
        new dev.sealpost.mailauth.dkim.DkimVerifier(dns, clock),
        new dev.sealpost.mailauth.dmarc.DmarcEvaluator(dns, new java.security.SecureRandom()),
        config.hostname(), config.inbound().dmarcEnforce(), blocking, mx));
  }

  /** The DKIM keys of the configuration, read and checked (mode 600) at start: a bad one stops the start. */
  private java.util.Optional<dev.sealpost.mailauth.dkim.DkimSigning> dkimSigning(Clock clock) {
    Map<String, List<dev.sealpost.mailauth.dkim.DkimSigner.Key>> keys = new java.util.LinkedHashMap<>();
    for (ServerConfig.DkimKeyConfig k : config.dkim()) {
      SecretFiles.check(k.keyFile(), "DKIM key");
      try {
        keys.computeIfAbsent(k.domain(), d -> new java.util.ArrayList<>()).add(new dev.sealpost.mailauth.dkim.DkimSigner
            .Key(k.domain(), k.selector(), dev.sealpost.mailauth.dkim.DkimKeys.readPrivateKey(k.keyFile())));
      } catch (IOException | java.security.GeneralSecurityException e) {
        throw new StartupException("cannot read DKIM key " + k.keyFile() + ": " + e.getMessage(), e);
      }
      LOG.info("event=dkim-key domain={} selector={} file={}", k.domain(), k.selector(), k.keyFile());
    }
    return keys.isEmpty() ? java.util.Optional.empty()
        : java.util.Optional.of(new dev.sealpost.mailauth.dkim.DkimSigning(keys, clock));
  }

  /**
   * SIGHUP reloads the certificate, as administrators expect of a daemon. sun.misc.Signal is the only
   * way the JDK offers; where it is missing (not HotSpot), the file watch and `sealpost reload` remain.
   */
  private void installSighup() {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> Thread.ofVirtual().start(() -> {
        try {
          certificates.reload("SIGHUP");
        } catch (StartupException e) {
          // logged by the reloader
        }
      }));
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      LOG.warn("event=sighup-unavailable error=\"{}\"", e.toString());
    }
  }

  /** The certificates in service now. */
  public List<ServedCertificate> servedCertificates() {
    return certificates.served();
  }

  /** The ACME certificate manager, when [acme] is configured (tests; the CLI uses the control socket). */
  public java.util.Optional<dev.sealpost.server.acme.AcmeCertificates> acme() {
    return java.util.Optional.ofNullable(acme);
  }

  /** The outbound queue, for administration in tests (the CLI goes through the control socket). */
  public dev.sealpost.server.outbound.OutboundQueue outboundQueue() {
    return outbound;
  }

  /** Sends the finished days' TLS reports now (tests, and a future admin command); 0 when reports are off. */
  public int sendTlsReportsNow() {
    return tlsReports == null ? 0 : tlsReports.sendFinishedDays();
  }

  public Map<String, InetSocketAddress> addresses() {
    return smtp.addresses();
  }

  public InetSocketAddress address(String listener) {
    return smtp.address(listener);
  }

  /** Graceful stop: no new connections, in-flight messages finish (bounded), queue state flushed. */
  public void stop() {
    if (smtp != null) {
      smtp.stop(config.shutdownGrace());
      smtp = null;
    }
    close();
  }

  @Override
  public void close() {
    if (control != null) {
      control.close();
      control = null;
    }
    if (acme != null) {
      acme.close();
      acme = null;
    }
    if (smtp != null) {
      smtp.close();
      smtp = null;
    }
    // Local delivery first: its Maildir writes still need the committer.
    if (localDelivery != null) {
      localDelivery.close();
      localDelivery = null;
    }
    if (outbound != null) {
      outbound.close();
      outbound = null;
    }
    if (tlsReports != null) {
      tlsReports.close();
      tlsReports = null;
    }
    if (tlsRpt != null) {
      tlsRpt.close();
      tlsRpt = null;
    }
    if (committer != null) {
      committer.close();
      committer = null;
    }
    if (lock != null) {
      lock.close();
      lock = null;
    }
    timer.shutdownNow();
    blocking.shutdown();
    try {
      blocking.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("event=stopped");
  }
}
