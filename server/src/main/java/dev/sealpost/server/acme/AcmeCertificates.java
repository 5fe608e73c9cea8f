package dev.sealpost.server.acme;

import dev.sealpost.server.config.AcmeConfig;
import dev.sealpost.server.config.TlsSettings;
import dev.sealpost.tls.CertificateChecks;
import dev.sealpost.tls.CertificateFinding;
import dev.sealpost.tls.HostnameMatcher;
import dev.sealpost.tls.PemKeyMaterialLoader;
import dev.sealpost.tls.ServerKeyMaterial;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the server's certificate issued and renewed by ACME. Looks at the certificate in the {@code [tls]}
 * files at start and every check interval; obtains one when it is missing, does not cover the configured
 * names or is not from this CA's issuance yet (the placeholder), and renews once a third of its lifetime
 * is left or the CA's renewal window says so. A new chain is checked (key match, chain order, validity,
 * every name covered) before it is written, and put back to the previous pair if the server refuses it:
 * a working certificate is never replaced by a broken one. Failures are retried with a doubling wait;
 * the certificate in use stays meanwhile. All ACME work runs on one thread of its own.
 */
public final class AcmeCertificates implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AcmeCertificates.class);

  /** What the last look found, for `sealpost cert status` and metrics. */
  public record Status(Optional<Instant> notAfter, Optional<Instant> renewAt, int failures,
      Optional<String> lastError, Optional<Instant> lastIssued, Optional<Instant> nextCheck) {}

  private final AcmeConfig config;
  private final TlsSettings tls;
  private final CertificateSwitch certificates;
  private final Clock clock;
  private final AcmeIssuer issuer;
  private final ChallengeResponder responder;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "acme");
    t.setDaemon(true);
    return t;
  });
  private final SecureRandom random = new SecureRandom();
  private ScheduledFuture<?> next;
  private volatile int failures;
  private volatile Instant retryAfter = Instant.MIN;
  private volatile String lastError;
  private volatile Instant lastIssued;
  private volatile Instant renewAt;
  private volatile Instant nextCheck;
  private String dueKey = "";
  private Instant dueAt;

  AcmeCertificates(AcmeConfig config, TlsSettings tls, Path accountKeyFile, CertificateSwitch certificates,
      Clock clock, ChallengeResponder responder) {
    this.config = config;
    this.tls = tls;
    this.certificates = certificates;
    this.clock = clock;
    this.responder = responder;
    this.issuer = new AcmeIssuer(config, () -> AcmeFiles.accountKey(accountKeyFile), responder);
  }

  /** Starts the configured challenge's responder and the checks (the first one at once). */
  public static AcmeCertificates start(AcmeConfig config, TlsSettings tls, Path dataDir, CertificateSwitch certificates,
      Clock clock) {
    ChallengeResponder responder = switch (config.challenge()) {
      case HTTP_01 -> Http01Responder.start(config.httpListen());
      case TLS_ALPN_01 -> TlsAlpn01Responder.start(config.tlsAlpnListen());
    };
    AcmeCertificates acme = new AcmeCertificates(config, tls, dataDir.resolve("acme").resolve("account.key"),
        certificates, clock, responder);
    acme.schedule(Duration.ZERO);
    LOG.info("event=acme-started directory={} names={} challenge={}", config.directory(), config.names(),
        config.challenge().configName());
    return acme;
  }

  /**
   * Before the first issuance there is nothing to serve: a self-signed placeholder for the names (90
   * days) lets the server start, port 25 receive (senders rarely verify) and the first order run.
   *
   * @return true when one was written
   */
  public static boolean placeholderIfMissing(AcmeConfig config, TlsSettings tls, Clock clock) {
    if (java.nio.file.Files.exists(tls.certificate()) && java.nio.file.Files.exists(tls.key())) {
      return false;
    }
    java.security.KeyPair keys = dev.sealpost.tls.KeyType.EC_P256.generate();
    Instant now = clock.instant();
    X509Certificate cert = dev.sealpost.tls.CertificateBuilder.server(config.names().getFirst())
        .subjectAltNames(config.names()).validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)))
        .selfSigned(keys);
    try {
      AcmeFiles.install(new AcmeIssuer.Issued(List.of(cert), keys), tls.certificate(), tls.key());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the placeholder certificate " + tls.certificate(), e);
    }
    LOG.warn("event=acme-placeholder file={} names={} (self-signed until the CA issues the certificate)",
        tls.certificate(), config.names());
    return true;
  }

  private synchronized void schedule(Duration in) {
    if (thread.isShutdown()) {
      return;
    }
    if (next != null) {
      next.cancel(false);
    }
    nextCheck = clock.instant().plus(in);
    next = thread.schedule(this::scheduledCheck, Math.max(0, in.toMillis()), TimeUnit.MILLISECONDS);
  }

  private void scheduledCheck() {
    try {
      check(false);
    } catch (RuntimeException e) {
      LOG.error("event=acme-check-failed error=\"{}\"", e.toString());
    }
  }

  /**
   * Looks at the certificate and renews it when due ({@code force}: now). Runs on the ACME thread;
   * callers from elsewhere use {@link #renewNow} or {@link #checkNow}.
   *
   * @return what was done, in one line
   */
  String check(boolean force) {
    Instant now = clock.instant();
    Optional<X509Certificate> current = current();
    String reason = force ? "renewal asked for" : reasonToRenew(current, now).orElse(null);
    String outcome;
    if (reason == null) {
      outcome = "certificate valid until " + current.orElseThrow().getNotAfter().toInstant() + ", renewal due " + renewAt;
    } else if (!force && now.isBefore(retryAfter)) {
      outcome = "renewal due (" + reason + ") but waiting until " + retryAfter + " after " + failures + " failure(s)";
    } else {
      outcome = renew(reason, current, now);
    }
    schedule(nextDelay(clock.instant()));
    return outcome;
  }

  private Duration nextDelay(Instant now) {
    Instant at = now.plus(config.checkInterval());
    if (failures > 0 && retryAfter.isBefore(at)) {
      at = retryAfter;
    }
    if (renewAt != null && renewAt.isAfter(now) && renewAt.isBefore(at)) {
      at = renewAt;
    }
    Duration d = Duration.between(now, at);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** Why the certificate in the files must be replaced now, if it must. */
  private Optional<String> reasonToRenew(Optional<X509Certificate> current, Instant now) {
    if (current.isEmpty()) {
      renewAt = now;
      return Optional.of("no usable certificate in " + tls.certificate());
    }
    X509Certificate cert = current.get();
    List<String> uncovered = config.names().stream().filter(n -> !HostnameMatcher.matches(cert, n)).toList();
    if (!uncovered.isEmpty()) {
      renewAt = now;
      return Optional.of("the certificate does not cover " + uncovered);
    }
    if (cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
      renewAt = now;
      return Optional.of("the certificate is self-signed (a placeholder)");
    }
    Optional<AcmeIssuer.RenewalWindow> window = Optional.empty();
    try {
      window = issuer.renewalWindow(cert);
    } catch (AcmeIssuer.Failure e) {
      LOG.warn("event=acme-renewal-info-failed error=\"{}\" (renewing by lifetime)", e.getMessage());
    }
    renewAt = due(cert, window);
    if (now.isBefore(renewAt)) {
      return Optional.empty();
    }
    return Optional.of(window.isPresent() && renewAt.isBefore(RenewalSchedule.thirdLeft(cert))
        ? "inside the CA's renewal window" : "a third of the lifetime is left");
  }

  /**
   * The renewal moment, keeping the random moment picked in the CA's window for as long as the CA
   * suggests the same window for the same certificate (RFC 9773 §4.2: pick once, not at every look).
   */
  private Instant due(X509Certificate cert, Optional<AcmeIssuer.RenewalWindow> window) {
    String key = cert.getSerialNumber() + "|" + window.orElse(null);
    if (!key.equals(dueKey)) {
      dueKey = key;
      dueAt = RenewalSchedule.due(cert, window, random);
    }
    return dueAt;
  }

  private String renew(String reason, Optional<X509Certificate> current, Instant now) {
    LOG.info("event=acme-renewing reason=\"{}\" names={}", reason, config.names());
    try {
      AcmeIssuer.Issued issued = issuer.issue(current);
      awaitValidity(issued.chain().getFirst());
      verify(issued, clock.instant());
      try {
        AcmeFiles.install(issued, tls.certificate(), tls.key());
      } catch (IOException e) {
        throw new AcmeIssuer.Failure("cannot write " + tls.certificate() + ": " + e.getMessage(), e);
      }
      try {
        certificates.reload("acme");
      } catch (RuntimeException refused) {
        putBack();
        throw new AcmeIssuer.Failure("the server refused the new certificate: " + refused.getMessage(), refused);
      }
      failures = 0;
      retryAfter = Instant.MIN;
      lastError = null;
      lastIssued = now;
      X509Certificate leaf = issued.chain().getFirst();
      renewAt = RenewalSchedule.thirdLeft(leaf);
      LOG.info("event=acme-installed names={} expires={} next-renewal={}", config.names(),
          leaf.getNotAfter().toInstant(), renewAt);
      return "certificate issued and in use, expires " + leaf.getNotAfter().toInstant();
    } catch (AcmeIssuer.Failure e) {
      failures++;
      Duration wait = RenewalSchedule.backoff(failures, config.firstRetry(), config.maxRetry());
      retryAfter = now.plus(wait);
      lastError = e.getMessage();
      String left = current.map(c -> Duration.between(now, c.getNotAfter().toInstant()).toDays() + " days")
          .orElse("none");
      LOG.error("event=acme-failed attempt={} error=\"{}\" retry-in={}s current-certificate-left={} (the certificate "
          + "in use stays)", failures, e.getMessage(), wait.toSeconds(), left);
      return "renewal failed (" + e.getMessage() + "); the certificate in use stays; next try in " + wait.toSeconds()
          + " s";
    }
  }

  /**
   * A certificate stamped a moment ahead of this server's clock (the CA's clock, or no backdating) is
   * installed once it is valid, not served early to clients that would refuse it; more than ten minutes
   * ahead is a clock problem that {@link #verify} reports.
   */
  private void awaitValidity(X509Certificate leaf) throws AcmeIssuer.Failure {
    Duration ahead = Duration.between(clock.instant(), leaf.getNotBefore().toInstant());
    if (ahead.isNegative() || ahead.compareTo(Duration.ofMinutes(10)) > 0) {
      return;
    }
    LOG.info("event=acme-waiting-for-validity seconds={}", ahead.toSeconds() + 1);
    try {
      Thread.sleep(ahead.plusSeconds(1).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AcmeIssuer.Failure("interrupted while waiting for the certificate's notBefore", e);
    }
  }

  /** The checks a pair must pass before it is written: the server would refuse it anyway, but later. */
  private void verify(AcmeIssuer.Issued issued, Instant now) throws AcmeIssuer.Failure {
    ServerKeyMaterial material;
    try {
      material = new ServerKeyMaterial(issued.key().getPrivate(), issued.chain());
    } catch (RuntimeException e) {
      throw new AcmeIssuer.Failure("the issued certificate does not fit its key: " + e.getMessage(), e);
    }
    for (CertificateFinding f : CertificateChecks.check(material, now)) {
      if (f.severity() == CertificateFinding.Severity.ERROR) {
        throw new AcmeIssuer.Failure("the issued certificate is unusable: " + f.message(), null);
      }
    }
    X509Certificate leaf = issued.chain().getFirst();
    for (String name : config.names()) {
      if (!HostnameMatcher.matches(leaf, name)) {
        throw new AcmeIssuer.Failure("the issued certificate does not cover " + name, null);
      }
    }
  }

  private void putBack() {
    try {
      if (AcmeFiles.restore(tls.certificate(), tls.key())) {
        LOG.warn("event=acme-restored-previous file={}", tls.certificate());
      }
    } catch (IOException e) {
      LOG.error("event=acme-restore-failed error=\"{}\"", e.getMessage());
    }
  }

  private Optional<X509Certificate> current() {
    try {
      return Optional.of(PemKeyMaterialLoader.load(tls.certificate(), tls.key()).leaf());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Renews now, whatever the schedule says; waits for the outcome (the `sealpost cert renew` command). */
  public String renewNow() {
    return onAcmeThread(true);
  }

  /** Runs a scheduled check now and waits for its outcome (tests, after moving the clock). */
  public String checkNow() {
    return onAcmeThread(false);
  }

  private String onAcmeThread(boolean force) {
    try {
      return thread.submit(() -> check(force)).get(10, TimeUnit.MINUTES);
    } catch (java.util.concurrent.ExecutionException e) {
      return "error: " + e.getCause().getMessage();
    } catch (java.util.concurrent.TimeoutException e) {
      return "error: ACME did not finish within 10 minutes";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "error: interrupted";
    }
  }

  public Status status() {
    Optional<X509Certificate> c = current();
    return new Status(c.map(x -> x.getNotAfter().toInstant()), Optional.ofNullable(renewAt), failures,
        Optional.ofNullable(lastError), Optional.ofNullable(lastIssued), Optional.ofNullable(nextCheck));
  }

  @Override
  public void close() {
    thread.shutdownNow();
    responder.close();
  }
}
