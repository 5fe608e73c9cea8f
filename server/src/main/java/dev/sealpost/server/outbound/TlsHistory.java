package dev.sealpost.server.outbound;

import dev.sealpost.server.config.OutboundConfig;
import dev.sealpost.server.config.OutboundConfig.DowngradeProtection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS downgrade memory for MX hosts without MTA-STS or DANE (a trust-on-first-use pin of "this host does
 * verified TLS", not of a certificate): when a host was seen with STARTTLS and a certificate that
 * verifies, a later connection without STARTTLS, with a failed handshake or with a certificate that no
 * longer verifies is a STARTTLS-stripping or interception suspect. Depending on the mode the message is
 * deferred (4.7.5) or delivered, and either way an alert is logged
 * ({@code event=tls-downgrade host= last-verified= observed= action=defer|deliver}) and counted.
 *
 * <p>Keyed by MX host name, lower case: certificates are verified against that name (RFC 7672 §3.2.3
 * and RFC 8461 use it too); its addresses change (several A/AAAA records, renumbering) while its TLS
 * set-up does not; and a recipient domain's MX hosts may differ (a backup MX without TLS is not a
 * downgrade of the primary), while one provider's MX serves many domains, which then share the memory.
 *
 * <p>A host is remembered until {@code memory} passes without a verified sighting (a domain may change
 * providers) or {@link #forget} is called. Sightings are stored with a resolution of
 * {@link #RENEW_AFTER}, so a busy host costs one write an hour. The table holds at most
 * {@code maxHosts} hosts; the one verified longest ago goes first.
 *
 * <p>Thread-safe: deliveries call it from many virtual threads at once. Calls block while the file is
 * written (fsync), which happens only when a host is new, changes certificate or protocol, is renewed
 * or forgotten.
 */
public final class TlsHistory implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TlsHistory.class);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  /** The bound of the table: about 1.5 MB of JSON. */
  public static final int DEFAULT_MAX_HOSTS = 10_000;
  /** A later verified sighting of an unchanged host is stored only when the stored one is this old. */
  static final Duration RENEW_AFTER = Duration.ofHours(1);

  /** The last verified TLS seen from {@code host}. */
  public record Sighting(String host, Instant lastVerified, String protocol, String sha256) {
    public Sighting {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(lastVerified, "lastVerified");
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /** What the delivery does with this connection. */
  public sealed interface Decision {
    /** Nothing is wrong, or nothing is known. */
    Proceed PROCEED = new Proceed();

    record Proceed() implements Decision {}

    /** A downgrade under mode {@code defer}: the recipients wait; {@link #reason()} is for the log and DSN. */
    record Defer(String status, String reason) implements Decision {
      /** The outcome for each recipient of the attempt. */
      RecipientOutcome outcome(String remoteMta) {
        return RecipientOutcome.transientFailure(status, reason, remoteMta);
      }
    }

    /** A downgrade under mode {@code alert}: delivered as the policy allows, and reported. */
    record ProceedWithAlert(String reason) implements Decision {}
  }

  private final TlsHistoryFile file;
  private final DowngradeProtection mode;
  private final Duration memory;
  private final int maxHosts;
  private final Clock clock;
  private final Map<String, Sighting> hosts = new ConcurrentHashMap<>();
  private final ReentrantLock changing = new ReentrantLock();
  private final ReentrantLock writing = new ReentrantLock();
  private final AtomicLong changes = new AtomicLong();
  private long written; // guarded by writing
  private final LongAdder deferred = new LongAdder();
  private final LongAdder delivered = new LongAdder();

  private TlsHistory(TlsHistoryFile file, DowngradeProtection mode, Duration memory, int maxHosts, Clock clock) {
    this.file = file;
    this.mode = mode;
    this.memory = memory;
    this.maxHosts = maxHosts;
    this.clock = clock;
  }

  /** The history in {@code file} (normally {@code DATA/tls-history.json}) under the outbound settings. Never fails. */
  public static TlsHistory open(Path file, OutboundConfig config, Clock clock) {
    return open(file, config.downgradeProtection(), config.downgradeMemory(), DEFAULT_MAX_HOSTS, clock);
  }

  static TlsHistory open(Path file, DowngradeProtection mode, Duration memory, int maxHosts, Clock clock) {
    if (maxHosts <= 0 || memory.isNegative() || memory.isZero()) {
      throw new IllegalArgumentException("maxHosts " + maxHosts + " and memory " + memory + " must be positive");
    }
    TlsHistory h = new TlsHistory(new TlsHistoryFile(file), mode, memory, maxHosts, clock);
    if (mode != DowngradeProtection.OFF) {
      h.file.load().stream().filter(h::live).sorted(Comparator.comparing(Sighting::lastVerified).reversed())
          .limit(maxHosts).map(s -> new Sighting(key(s.host()), s.lastVerified(), s.protocol(), s.sha256()))
          .forEach(s -> h.hosts.merge(s.host(), s, TlsHistory::newer));
    }
    return h;
  }

  /**
   * Before connecting: true when {@code mxHost} was seen with verified TLS within the memory and the mode
   * is {@code defer}. The delivery then requires STARTTLS with a verified certificate for this host
   * (as under {@code verify}) and takes no clear-text fallback, so that nothing leaves before
   * {@link #check} has had its say.
   */
  public boolean expectsVerifiedTls(String mxHost) {
    return mode == DowngradeProtection.DEFER && lastVerified(mxHost).isPresent();
  }

  /**
   * Judges what a connection to {@code mxHost} showed: a verified observation is remembered and
   * proceeds; any other proceeds when the host has no live memory, and otherwise is a downgrade, logged,
   * counted, and deferred or delivered by mode. Mode {@code off} always proceeds and remembers nothing.
   */
  public Decision check(String mxHost, TlsObservation observed) {
    String host = key(mxHost);
    if (mode == DowngradeProtection.OFF) {
      return Decision.PROCEED;
    }
    if (observed instanceof TlsObservation.Verified v) {
      verifiedTlsSeen(host, clock.instant(), v.protocol(), v.sha256());
      return Decision.PROCEED;
    }
    Optional<Sighting> last = lastVerified(host);
    if (last.isEmpty()) {
      return Decision.PROCEED;
    }
    String reason = host + " offered verified TLS on " + DAY.format(last.get().lastVerified()) + " but now "
        + observed.describe();
    boolean defer = mode == DowngradeProtection.DEFER;
    (defer ? deferred : delivered).increment();
    LOG.warn("event=tls-downgrade host={} last-verified={} last-protocol={} observed={} action={} reason=\"{}\"",
        host, last.get().lastVerified(), last.get().protocol(), observed.logName(), defer ? "defer" : "deliver",
        reason.replace('"', '\''));
    return defer ? new Decision.Defer("4.7.5", reason) : new Decision.ProceedWithAlert(reason);
  }

  /** Remembers that {@code mxHost} offered TLS with a certificate that verified (PKIX and host name) at {@code when}. */
  public void verifiedTlsSeen(String mxHost, Instant when, String protocol, String sha256) {
    if (mode == DowngradeProtection.OFF) {
      return;
    }
    Sighting seen = new Sighting(key(mxHost), when, protocol, sha256);
    changing.lock();
    try {
      Sighting old = hosts.get(seen.host());
      if (old != null && !material(old, seen)) {
        return;
      }
      if (old == null) {
        makeRoom();
      }
      hosts.put(seen.host(), newer(old, seen));
      changes.incrementAndGet();
    } finally {
      changing.unlock();
    }
    persist();
  }

  /** The last verified sighting of {@code mxHost}, when it is still remembered. */
  public Optional<Sighting> lastVerified(String mxHost) {
    return Optional.ofNullable(hosts.get(key(mxHost))).filter(this::live);
  }

  /**
   * Forgets {@code mxHost}, for an administrator who knows the host dropped TLS for good (deferred
   * messages then go at their next attempt). For a future {@code sealpost tls-history forget HOST}: it
   * must reach the running server's instance (a separate process editing the file would be overwritten).
   *
   * @return whether the host was remembered
   */
  public boolean forget(String mxHost) {
    boolean removed = hosts.remove(key(mxHost)) != null;
    if (removed) {
      changes.incrementAndGet();
      persist();
    }
    return removed;
  }

  /** How many hosts are in the table (expired ones included until they are evicted). */
  public int size() {
    return hosts.size();
  }

  /** Downgrades detected since start whose messages were deferred, for metrics. */
  public long downgradesDeferred() {
    return deferred.sum();
  }

  /** Downgrades detected since start whose messages were delivered (mode {@code alert}), for metrics. */
  public long downgradesDelivered() {
    return delivered.sum();
  }

  /** Writes what a failed write left unsaved. */
  @Override
  public void close() {
    persist();
  }

  private boolean live(Sighting s) {
    return Duration.between(s.lastVerified(), clock.instant()).compareTo(memory) < 0;
  }

  private static boolean material(Sighting old, Sighting seen) {
    return !old.protocol().equals(seen.protocol()) || !old.sha256().equals(seen.sha256())
        || Duration.between(old.lastVerified(), seen.lastVerified()).compareTo(RENEW_AFTER) >= 0;
  }

  private static Sighting newer(Sighting a, Sighting b) {
    return a == null || b.lastVerified().isAfter(a.lastVerified()) ? b : a;
  }

  /** Called with {@code changing} held: drops expired hosts, then the oldest, until one more fits. */
  private void makeRoom() {
    if (hosts.size() < maxHosts) {
      return;
    }
    if (hosts.values().removeIf(s -> !live(s))) {
      changes.incrementAndGet();
    }
    while (hosts.size() >= maxHosts) {
      hosts.values().stream().min(Comparator.comparing(Sighting::lastVerified))
          .ifPresent(oldest -> hosts.remove(oldest.host()));
      changes.incrementAndGet();
    }
  }

  /** Writes the table when it changed since the last write; concurrent callers share one write. */
  private void persist() {
    writing.lock();
    try {
      long target = changes.get();
      if (target <= written) {
        return;
      }
      file.save(hosts.values());
      written = target;
    } catch (IOException | RuntimeException e) {
      // The memory still works from RAM; only its survival across a restart is at risk.
      LOG.warn("event=tls-history-write-failed file={} error=\"{}\"", file.path(), e.toString().replace('"', '\''));
    } finally {
      writing.unlock();
    }
  }

  private static String key(String mxHost) {
    String h = mxHost.strip().toLowerCase(Locale.ROOT);
    h = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    if (h.isEmpty()) {
      throw new IllegalArgumentException("not an MX host name: '" + mxHost + "'");
    }
    return h;
  }
}
