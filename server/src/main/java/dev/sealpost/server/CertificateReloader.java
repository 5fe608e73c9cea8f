package dev.sealpost.server;

import dev.sealpost.server.config.TlsSettings;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context, replaced without a restart when the certificate or key files change (an
 * ACME client, certbot, an administrator), on SIGHUP, or on `sealpost reload`. The new pair is loaded
 * and checked (key match, chain, validity) before it is used; a broken one is refused and the working
 * one kept. Only new handshakes see the new certificate: sessions already open go on undisturbed.
 * Also logs the expiry warnings of the certificate in use (30, 14, 7, 3 and 1 days before).
 */
final class CertificateReloader implements dev.sealpost.server.netty.TlsContextSource {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);
  static final List<Integer> WARN_DAYS = List.of(30, 14, 7, 3, 1);

  private final TlsSettings settings;
  private final Clock clock;
  private final AtomicReference<Contexts> current;

  /** The default context and the others with the names they serve; swapped as one. */
  private record Contexts(SslContext fallback, List<Alternative> alternatives) {}

  private record Alternative(List<String> names, SslContext context) {}
  private volatile String fingerprint;
  private volatile String pending = "";
  private volatile Instant notAfter;
  private volatile int lastWarnedDays = Integer.MAX_VALUE;

  CertificateReloader(TlsSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.current = new AtomicReference<>(loadAll()); // refuses to start if broken
    this.fingerprint = filesFingerprint();
    this.notAfter = TlsLoader.notAfter(settings);
    warnIfExpiring();
  }

  @Override
  public SslContext get() {
    return current.get().fallback();
  }

  @Override
  public SslContext forName(String serverName) {
    Contexts c = current.get();
    if (serverName != null) {
      for (Alternative a : c.alternatives()) {
        if (a.names().stream().anyMatch(n -> dev.sealpost.tls.HostnameMatcher.matchesDns(n, serverName))) {
          return a.context();
        }
      }
    }
    return c.fallback();
  }

  @Override
  public boolean hasAlternatives() {
    return !current.get().alternatives().isEmpty();
  }

  /** Every pair loaded and checked: one broken pair refuses the whole set. */
  private Contexts loadAll() {
    SslContext fallback = TlsLoader.load(settings, clock.instant());
    List<Alternative> alternatives = new java.util.ArrayList<>();
    for (TlsSettings.CertificatePair pair : settings.alternatives()) {
      TlsSettings one = settings.forPair(pair);
      SslContext context = TlsLoader.load(one, clock.instant());
      alternatives.add(new Alternative(TlsLoader.names(one), context));
    }
    return new Contexts(fallback, List.copyOf(alternatives));
  }

  /**
   * Polled: reloads when the files' content changed since the last load and then stayed the same for
   * one more poll, so that a certificate and key written one after the other are taken together.
   */
  void poll() {
    String now = filesFingerprint();
    if (now.equals(fingerprint)) {
      pending = "";
    } else if (now.equals(pending)) {
      pending = "";
      try {
        reload("files changed");
      } catch (StartupException refused) {
        // logged; the working certificate stays
      }
    } else {
      pending = now;
    }
    warnIfExpiring();
  }

  /**
   * Loads the files again and swaps them in if they pass the checks.
   *
   * @return a line saying what happened, for `sealpost reload`
   * @throws StartupException with the reason when the new files are refused (the old ones stay in use)
   */
  synchronized String reload(String why) {
    String seen = filesFingerprint();
    try {
      current.set(loadAll());
      fingerprint = seen;
      notAfter = TlsLoader.notAfter(settings);
      lastWarnedDays = Integer.MAX_VALUE;
      LOG.info("event=tls-reloaded reason=\"{}\" expires={}", why, notAfter);
      return "certificate reloaded, expires " + notAfter;
    } catch (RuntimeException e) {
      fingerprint = seen; // do not retry the same broken files every poll; a later change is tried again
      LOG.error("event=tls-reload-refused reason=\"{}\" error=\"{}\" (the previous certificate stays in use)", why,
          e.getMessage());
      throw new StartupException("new certificate refused, the previous one stays in use: " + e.getMessage(), e);
    }
  }

  private void warnIfExpiring() {
    if (notAfter == null) {
      return;
    }
    long days = Duration.between(clock.instant(), notAfter).toDays();
    // The most urgent threshold passed and not yet warned about: one warning per threshold, not a flood.
    Integer due = null;
    for (int threshold : WARN_DAYS) {
      if (days < threshold && threshold < lastWarnedDays) {
        due = threshold;
      }
    }
    if (due != null) {
      lastWarnedDays = due;
      LOG.warn("event=certificate-expiring days-left={} expires={} file={}", days, notAfter, settings.certificate());
    }
  }

  /** The last threshold warned about (Integer.MAX_VALUE: none), for tests. */
  int warnedAt() {
    return lastWarnedDays;
  }

  long daysLeft() {
    return Duration.between(clock.instant(), notAfter).toDays();
  }

  private String filesFingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      List<Path> files = new java.util.ArrayList<>(List.of(settings.certificate(), settings.key()));
      settings.alternatives().forEach(a -> {
        files.add(a.certificate());
        files.add(a.key());
      });
      for (Path p : files) {
        sha.update(Files.exists(p) ? Files.readAllBytes(p) : new byte[0]);
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      return "unreadable:" + e.getMessage();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
