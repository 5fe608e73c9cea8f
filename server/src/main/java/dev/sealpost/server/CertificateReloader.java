package dev.sealpost.server;

import dev.sealpost.server.config.TlsSettings;
import dev.sealpost.tls.HostnameMatcher;
import dev.sealpost.tls.ServerKeyMaterial;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS contexts, replaced without a restart when the certificate or key files change (an
 * ACME client, certbot, an administrator), on SIGHUP, or on `sealpost reload`. The new pairs are loaded
 * and checked (key match, chain, validity) before they are used; a broken one is refused and the working
 * set kept. Only new handshakes see the new certificates: sessions already open go on undisturbed. When
 * most handshakes after a swap end with clients refusing the new certificate ({@link HandshakeWatch}),
 * the previous set is put back. Logs expiry warnings (30, 14, 7, 3 and 1 days before) per certificate.
 *
 * <p>Several pairs may serve the same name with different key types (an ECDSA and an RSA certificate):
 * each client gets the one it can verify, as its ClientHello says.
 */
final class CertificateReloader implements dev.sealpost.server.netty.TlsContextSource {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);
  static final List<Integer> WARN_DAYS = List.of(30, 14, 7, 3, 1);

  private final TlsSettings settings;
  private final Clock clock;
  private final AtomicReference<Contexts> current;
  private final HandshakeWatch watch = new HandshakeWatch();
  private final String hostname;
  private final List<java.security.cert.X509Certificate> knownRoots;
  private volatile Contexts previous;

  /**
   * The default pair's context (with an RSA or ECDSA partner for all of its names, if configured) and
   * every other pair with the names it serves; swapped as one.
   */
  private record Contexts(Choice fallback, List<Alternative> alternatives, List<ServedCertificate> served,
      List<java.security.cert.X509Certificate> leaves, List<java.security.cert.X509Certificate> chain) {}

  /** The contexts for clients without a matching SNI name: an ECDSA one, an RSA one, or both. */
  private record Choice(SslContext ecdsa, SslContext rsa) {
    SslContext first() {
      return ecdsa != null ? ecdsa : rsa;
    }

    SslContext forClient(boolean canEcdsa) {
      return canEcdsa && ecdsa != null ? ecdsa : rsa != null ? rsa : ecdsa;
    }
  }

  private record Alternative(Set<String> names, boolean rsa, SslContext context) {
    boolean serves(String serverName) {
      return names.stream().anyMatch(n -> HostnameMatcher.matchesDns(n, serverName));
    }
  }

  /** A pair as loaded and checked, before it is grouped with others of the same names. */
  private record Loaded(TlsSettings settings, ServerKeyMaterial material, Set<String> names) {
    boolean rsa() {
      return material.key() instanceof java.security.interfaces.RSAKey;
    }

    /** RSA or EC, whichever provider made the key object (BouncyCastle names EC keys "ECDSA"). */
    String keyType() {
      return rsa() ? "RSA" : material.key() instanceof java.security.interfaces.ECKey ? "EC"
          : material.key().getAlgorithm();
    }
  }

  private volatile String fingerprint;
  private volatile String pending = "";
  private final Map<Path, Integer> lastWarned = new HashMap<>();

  CertificateReloader(TlsSettings settings, Clock clock) {
    this(settings, clock, null);
  }

  /**
   * @param hostname the server's name: a new default certificate that no longer covers it, where the
   *     current one does, is refused (the wrong file copied in place is the usual cause)
   */
  CertificateReloader(TlsSettings settings, Clock clock, String hostname) {
    this(settings, clock, hostname, List.of());
  }

  /** @param knownRoots roots trusted beside the JDK's when judging chains (tests) */
  CertificateReloader(TlsSettings settings, Clock clock, String hostname,
      List<java.security.cert.X509Certificate> knownRoots) {
    this.knownRoots = List.copyOf(knownRoots);
    this.settings = settings;
    this.clock = clock;
    this.hostname = hostname;
    this.current = new AtomicReference<>(loadAll()); // refuses to start if broken
    this.fingerprint = filesFingerprint();
    warnIfExpiring();
  }

  @Override
  public SslContext get() {
    return current.get().fallback().first();
  }

  /**
   * Among the pairs serving the name asked for (the default first, then in configuration order), the
   * first of a key type the client can verify, else the first; without a match, the default's.
   */
  @Override
  public SslContext select(String serverName, boolean ecdsa) {
    Contexts c = current.get();
    if (serverName != null) {
      List<Alternative> serving = c.alternatives().stream().filter(a -> a.serves(serverName)).toList();
      if (!serving.isEmpty()) {
        return serving.stream().filter(a -> a.rsa() != ecdsa).findFirst().orElse(serving.getFirst()).context();
      }
    }
    return c.fallback().forClient(ecdsa);
  }

  @Override
  public boolean needsClientHello() {
    Contexts c = current.get();
    return c.alternatives().size() > 1 || c.fallback().ecdsa() != null && c.fallback().rsa() != null;
  }

  @Override
  public boolean tls13() {
    return settings.protocols().contains("TLSv1.3");
  }

  @Override
  public void handshakeOutcome(boolean success, Throwable cause) {
    if (previous != null && watch.record(success, cause, clock.instant())) { // no swap watched: no lock taken
      rollBack();
    }
  }

  /** The certificates in service now. */
  List<ServedCertificate> served() {
    return current.get().served();
  }

  /**
   * Every pair loaded and checked (one broken pair refuses the whole set). The default pair also serves
   * clients without SNI, together with the first pair of the other key type covering all its names.
   */
  private Contexts loadAll() {
    Instant now = clock.instant();
    List<Loaded> pairs = new ArrayList<>();
    pairs.add(load(settings, now));
    for (TlsSettings.CertificatePair pair : settings.alternatives()) {
      pairs.add(load(settings.forPair(pair), now));
    }
    List<Alternative> alternatives = new ArrayList<>();
    for (Loaded p : pairs) {
      alternatives.add(new Alternative(p.names(), p.rsa(), TlsLoader.context(p.material(), settings)));
    }
    Loaded first = pairs.getFirst();
    SslContext partner = null;
    for (int i = 1; i < pairs.size() && partner == null; i++) {
      if (pairs.get(i).rsa() != first.rsa() && pairs.get(i).names().containsAll(first.names())) {
        partner = alternatives.get(i).context();
      }
    }
    SslContext own = alternatives.getFirst().context();
    Choice fallback = first.rsa() ? new Choice(partner, own) : new Choice(own, partner);
    List<ServedCertificate> served = pairs.stream().map(p -> new ServedCertificate(p.settings().certificate(),
        p.material().leaf().getSubjectX500Principal().getName(), p.keyType(),
        List.copyOf(p.names()), p.material().leaf().getNotAfter().toInstant())).toList();
    return new Contexts(fallback, List.copyOf(alternatives), served,
        pairs.stream().map(p -> p.material().leaf()).toList(), first.material().chain());
  }

  private static Loaded load(TlsSettings one, Instant now) {
    ServerKeyMaterial m = TlsLoader.check(one, now);
    return new Loaded(one, m, Set.copyOf(HostnameMatcher.names(m.leaf())));
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
    if (previous != null && watch.over(clock.instant())) {
      previous = null; // the swap stood its watch: the old contexts can go
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
    return reload(why, false);
  }

  /**
   * @param namesVerified the caller has checked the names already (ACME, against its configured names),
   *     so a change of names is intended
   */
  synchronized String reload(String why, boolean namesVerified) {
    String seen = filesFingerprint();
    try {
      Contexts loaded = loadAll();
      if (loaded.leaves().equals(current.get().leaves())) {
        fingerprint = seen; // the same certificates (files touched, or put back): nothing to swap or watch
        return "certificate unchanged, expires " + loaded.served().getFirst().notAfter();
      }
      if (!namesVerified) {
        keepsHostname(current.get().served().getFirst(), loaded.served().getFirst());
      }
      keepsCompleteChain(current.get().chain(), loaded.chain(), knownRoots);
      previous = current.getAndSet(loaded);
      watch.swapped(clock.instant());
      fingerprint = seen;
      synchronized (lastWarned) {
        lastWarned.clear();
      }
      Instant expires = loaded.served().getFirst().notAfter();
      LOG.info("event=tls-reloaded reason=\"{}\" expires={}", why, expires);
      return "certificate reloaded, expires " + expires;
    } catch (RuntimeException e) {
      fingerprint = seen; // do not retry the same broken files every poll; a later change is tried again
      LOG.error("event=tls-reload-refused reason=\"{}\" error=\"{}\" (the previous certificate stays in use)", why,
          e.getMessage());
      throw new StartupException("new certificate refused, the previous one stays in use: " + e.getMessage(), e);
    }
  }

  /**
   * A chain that reached a root this machine trusts (a public CA's) must not be replaced by one that
   * stops short of one: a missing intermediate, or a certificate from a CA clients do not know. (Private
   * CAs are not judged: their roots are in the clients, not here.) A restart takes such a pair anyway.
   */
  private static void keepsCompleteChain(List<java.security.cert.X509Certificate> now,
      List<java.security.cert.X509Certificate> next, List<java.security.cert.X509Certificate> roots) {
    if (dev.sealpost.tls.ChainCompleteness.missingIssuer(now, roots).isEmpty()) {
      dev.sealpost.tls.ChainCompleteness.missingIssuer(next, roots).ifPresent(problem -> {
        throw new StartupException("the new certificate does not reach a trusted root as the current one does: "
            + problem + " (a restart would take it anyway)");
      });
    }
  }

  private void keepsHostname(ServedCertificate now, ServedCertificate next) {
    if (hostname == null) {
      return;
    }
    boolean before = now.names().stream().anyMatch(n -> HostnameMatcher.matchesDns(n, hostname));
    boolean after = next.names().stream().anyMatch(n -> HostnameMatcher.matchesDns(n, hostname));
    if (before && !after) {
      throw new StartupException("the new certificate " + next.file() + " is for " + next.names() + ", not for "
          + hostname + " as the one in use is");
    }
  }

  /**
   * Puts the previous set back when clients refuse the new one, unless the previous has expired since
   * (then nothing better is at hand). The files stay as they are: the next change to them is tried.
   */
  private synchronized void rollBack() {
    Contexts back = previous;
    Instant now = clock.instant();
    if (back == null || back.served().stream().anyMatch(s -> s.notAfter().isBefore(now))) {
      LOG.error("event=tls-rollback-impossible counts=\"{}\" (clients refuse the new certificate and the previous"
          + " one is gone or expired)", watch.counts());
      return;
    }
    current.set(back);
    previous = null;
    watch.stop();
    LOG.error("event=tls-rolled-back counts=\"{}\" restored-expires={} (most handshakes since the last swap ended"
        + " with the client refusing the new certificate; fix the files, then reload)", watch.counts(),
        back.served().getFirst().notAfter());
  }

  private void warnIfExpiring() {
    long nowDays;
    for (ServedCertificate s : current.get().served()) {
      nowDays = Duration.between(clock.instant(), s.notAfter()).toDays();
      // The most urgent threshold passed and not yet warned about: one warning per threshold, not a flood.
      Integer due = null;
      synchronized (lastWarned) {
        int last = lastWarned.getOrDefault(s.file(), Integer.MAX_VALUE);
        for (int threshold : WARN_DAYS) {
          if (nowDays < threshold && threshold < last) {
            due = threshold;
          }
        }
        if (due != null) {
          lastWarned.put(s.file(), due);
        }
      }
      if (due != null) {
        LOG.warn("event=certificate-expiring days-left={} expires={} file={}", nowDays, s.notAfter(), s.file());
      }
    }
  }

  /** The last threshold warned about for the default certificate (Integer.MAX_VALUE: none), for tests. */
  int warnedAt() {
    synchronized (lastWarned) {
      return lastWarned.getOrDefault(settings.certificate(), Integer.MAX_VALUE);
    }
  }

  long daysLeft() {
    return Duration.between(clock.instant(), current.get().served().getFirst().notAfter()).toDays();
  }

  private String filesFingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      List<Path> files = new ArrayList<>(List.of(settings.certificate(), settings.key()));
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
