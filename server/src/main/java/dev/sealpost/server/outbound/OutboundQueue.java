package dev.sealpost.server.outbound;

import dev.sealpost.server.config.OutboundConfig;
import dev.sealpost.server.dsn.RetryDecision;
import dev.sealpost.server.dsn.RetrySchedule;
import dev.sealpost.server.spool.EnvelopeRecipient;
import dev.sealpost.server.spool.Spool;
import dev.sealpost.server.spool.SpoolCorruptException;
import dev.sealpost.server.spool.SpoolReader;
import dev.sealpost.server.spool.SpooledMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound queue: every message in spool/outbound/ is tried, its remote recipients grouped by
 * domain, and tried again with exponential backoff and jitter until each recipient is delivered or
 * failed, or the message has waited {@code giveUpAfter}. Failed recipients are reported to the sender
 * by {@link Bounces}; the spool file goes only when no recipient is left pending.
 */
public final class OutboundQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboundQueue.class);

  private final Spool spool;
  private final Path outboundDir;
  private final OutboundConfig config;
  private final DomainDelivery delivery;
  private final Bounces bounces;
  private final DeliveryStateStore states;
  private final Executor executor;
  private final Clock clock;
  private final RetrySchedule retry;
  private final Semaphore permits;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  /** Timers not yet fired, so that an administrator's retry can bring one forward. */
  private final Map<String, java.util.concurrent.ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
  private final dev.sealpost.server.spool.QueueFiles files;
  /**
   * Striped locks: an attempt's bookkeeping and an administrator's hold, release or delete of the same
   * message never interleave, while attempts for different messages save their state in parallel.
   */
  private final Object[] stripes = new Object[64];
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("sealpost-outbound-timer").factory());
  private volatile boolean closed;

  /**
   * The queue for a server: routes through {@code dns}, TLS per {@code config}, EHLO as {@code hostname}.
   * Call {@link #start()} once the server is ready to deliver.
   */
  public static OutboundQueue create(Spool spool, OutboundConfig config, dev.sealpost.dns.DnsResolver dns,
      String hostname, Bounces bounces, Executor executor, Clock clock, Path mtaStsCache,
      java.util.Optional<dev.sealpost.server.outbound.tlsrpt.TlsRptRecorder> tlsRpt, Path tlsHistoryFile,
      java.util.Optional<dev.sealpost.mailauth.dkim.DkimSigning> dkim) {
    Random random = new java.security.SecureRandom();
    ClientFactory clients = new ClientFactory(hostname, config.trustedCas(), config.connectionsPerDestination());
    java.util.Optional<dev.sealpost.server.outbound.mtasts.MtaStsPolicies> sts = java.util.Optional.empty();
    if (config.mtaSts()) {
      var fetcher = dev.sealpost.server.outbound.mtasts.HttpsPolicyFetcher.builder(dns)
          .trustAnchors(clients.trustedCas()).port(config.mtaStsPort()).build();
      sts = java.util.Optional.of(new dev.sealpost.server.outbound.mtasts.MtaStsPolicies(dns, fetcher,
          dev.sealpost.server.outbound.mtasts.PolicyCache.open(mtaStsCache), clock));
    }
    TlsHistory history = TlsHistory.open(tlsHistoryFile, config, clock);
    RemoteDelivery delivery = new RemoteDelivery(new Routes(config, dns, hostname, random, sts), clients, tlsRpt,
        history, dkim);
    OutboundQueue queue = new OutboundQueue(spool, config, delivery, bounces, executor, clock, random);
    queue.tlsHistory = java.util.Optional.of(history);
    queue.onClose = () -> {
      clients.close();
      history.close();
    };
    return queue;
  }

  /** The TLS downgrade memory of this queue's deliveries, for `sealpost tls-history forget`. */
  private java.util.Optional<TlsHistory> tlsHistory = java.util.Optional.empty();

  public java.util.Optional<TlsHistory> tlsHistory() {
    return tlsHistory;
  }

  /** Releases what delivery holds open (pooled connections), after the last attempt. */
  private Runnable onClose = () -> { };

  OutboundQueue(Spool spool, OutboundConfig config, DomainDelivery delivery, Bounces bounces,
      Executor executor, Clock clock, Random random) {
    this.spool = spool;
    this.outboundDir = spool.outboundDirectory();
    this.config = config;
    this.delivery = delivery;
    this.bounces = bounces;
    this.states = new DeliveryStateStore(spool.directory().resolve("outbound-state"));
    this.executor = executor;
    this.clock = clock;
    this.retry = new RetrySchedule(config.firstRetry(), 2, config.maxRetry(), config.giveUpAfter(),
        config.delayWarning(), RetrySchedule.DEFAULT_JITTER, clock, random);
    this.permits = new Semaphore(config.concurrency());
    this.files = new dev.sealpost.server.spool.QueueFiles(spool.directory());
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Object();
    }
  }

  private Object stripe(String queueId) {
    return stripes[Math.floorMod(queueId.hashCode(), stripes.length)];
  }

  /** What an administrator's command did. */
  public enum AdminResult { DONE, NOT_FOUND, NOT_OUTBOUND, NOT_HELD }

  /**
   * Puts a message on hold: it stays in hold/ with its delivery state and is not tried until
   * {@link #release}d. An attempt already in progress finishes (it may deliver), but is not followed by
   * another.
   */
  public AdminResult hold(String queueId) throws IOException {
    synchronized (stripe(queueId)) {
      if (files.hold(queueId)) {
        LOG.info("queue={} event=held-by-admin", queueId);
        return AdminResult.DONE;
      }
      return missing(queueId);
    }
  }

  /** Takes a message off hold and tries it now. */
  public AdminResult release(String queueId) throws IOException {
    synchronized (stripe(queueId)) {
      if (!files.release(queueId)) {
        return files.find(queueId) == dev.sealpost.server.spool.QueueFiles.Place.ABSENT ? AdminResult.NOT_FOUND
            : AdminResult.NOT_HELD;
      }
      LOG.info("queue={} event=released-by-admin", queueId);
    }
    retry(queueId);
    return AdminResult.DONE;
  }

  /** Deletes a message from outbound/ or hold/ with its state, without a bounce (as postsuper -d). */
  public AdminResult delete(String queueId) throws IOException {
    synchronized (stripe(queueId)) {
      if (!files.delete(queueId)) {
        return missing(queueId);
      }
      deleteState(queueId);
      cancelTimer(queueId);
      LOG.info("queue={} event=deleted-by-admin", queueId);
      return AdminResult.DONE;
    }
  }

  /** Tries an outbound message now, whatever its backoff said; held messages are not tried. */
  public AdminResult retry(String queueId) {
    if (files.find(queueId) != dev.sealpost.server.spool.QueueFiles.Place.OUTBOUND) {
      return missing(queueId);
    }
    cancelTimer(queueId);
    schedule(queueId, Duration.ZERO);
    return AdminResult.DONE;
  }

  /** Tries every outbound message now; returns how many. */
  public int retryAll() throws IOException {
    int n = 0;
    try (Stream<Path> all = Files.list(outboundDir)) {
      for (Path f : all.toList()) {
        String id = f.getFileName().toString();
        if (dev.sealpost.server.spool.QueueIds.isValid(id) && retry(id) == AdminResult.DONE) {
          n++;
        }
      }
    }
    return n;
  }

  private AdminResult missing(String queueId) {
    return switch (files.find(queueId)) {
      case ABSENT -> AdminResult.NOT_FOUND;
      case OUTBOUND -> AdminResult.DONE;
      case HELD, INCOMING -> AdminResult.NOT_OUTBOUND;
    };
  }

  /** Cancels a timer that has not fired, so that the message can be scheduled afresh. */
  private void cancelTimer(String queueId) {
    var timer = timers.remove(queueId);
    if (timer != null && timer.cancel(false)) {
      queued.remove(queueId);
    }
  }

  /** Schedules everything already in outbound/ (after a restart) by its saved next attempt. */
  public void start() {
    try (Stream<Path> files = Files.list(outboundDir)) {
      for (Path f : files.toList()) {
        String id = f.getFileName().toString();
        Instant next = states.load(id).map(DeliveryState::nextAttempt).orElse(clock.instant());
        schedule(id, Duration.between(clock.instant(), next));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + outboundDir, e);
    }
  }

  /** A message just moved to outbound/: try it now. Never blocks. */
  public void submit(String queueId) {
    schedule(queueId, Duration.ZERO);
  }

  private void schedule(String queueId, Duration wait) {
    if (closed || !queued.add(queueId)) {
      return;
    }
    try {
      timers.put(queueId, timer.schedule(() -> dispatch(queueId), Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      queued.remove(queueId); // closing: the next start picks it up
    }
  }

  private void dispatch(String queueId) {
    timers.remove(queueId);
    try {
      executor.execute(() -> run(queueId));
    } catch (RejectedExecutionException e) {
      queued.remove(queueId);
    }
  }

  private void run(String queueId) {
    permits.acquireUninterruptibly();
    try {
      queued.remove(queueId);
      if (!closed) {
        attempt(queueId);
      }
    } catch (RuntimeException e) {
      LOG.error("queue={} event=outbound-attempt-failed", queueId, e);
      schedule(queueId, config.firstRetry());
    } finally {
      permits.release();
    }
  }

  /** One attempt for every pending remote recipient; package-private for tests. */
  void attempt(String queueId) {
    Path file = spool.outboundFile(queueId);
    SpooledMessage m;
    try {
      m = SpoolReader.open(file);
    } catch (SpoolCorruptException e) {
      LOG.error("queue={} event=outbound-corrupt error=\"{}\"", queueId, e.getMessage());
      quarantine(queueId, file);
      return;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        synchronized (stripe(queueId)) {
          if (files.find(queueId) != dev.sealpost.server.spool.QueueFiles.Place.HELD) {
            deleteState(queueId); // delivered or deleted; a held message keeps its progress
          }
        }
        return;
      }
      throw e;
    }
    Instant now = clock.instant();
    DeliveryState state = states.load(queueId).orElse(DeliveryState.fresh(now));
    Map<Integer, RecipientOutcome> outcomes = new HashMap<>(state.recipients());
    Map<String, List<Integer>> byDomain = new LinkedHashMap<>();
    List<EnvelopeRecipient> rcpts = m.envelope().recipients();
    for (int i = 0; i < rcpts.size(); i++) {
      if (!rcpts.get(i).local() && !state.settled(i)) {
        byDomain.computeIfAbsent(domainOf(rcpts.get(i).address()), d -> new ArrayList<>()).add(i);
      }
    }
    List<Integer> newlyFailed = new ArrayList<>();
    Map<Integer, RecipientOutcome> relayed = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> e : byDomain.entrySet()) {
      Map<Integer, RecipientOutcome> results = delivery.deliver(m, e.getKey(), e.getValue());
      results.forEach((i, o) -> {
        outcomes.put(i, o);
        if (o.kind() == RecipientOutcome.Kind.PERMANENT) {
          newlyFailed.add(i);
        } else if (o.relayedWithoutDsn()) {
          relayed.put(i, o);
        }
      });
    }
    if (!relayed.isEmpty()) {
      bounces.relayed(m, relayed);
    }
    int attempts = state.attempts() + 1;
    boolean anyPending = outcomes.values().stream().anyMatch(o -> o.kind() == RecipientOutcome.Kind.TRANSIENT);
    RetryDecision next = anyPending ? retry.next(m.envelope().receivedAt(), attempts) : null;
    List<Integer> pending = new ArrayList<>();
    for (var e : outcomes.entrySet()) {
      if (e.getValue().kind() != RecipientOutcome.Kind.TRANSIENT) {
        continue;
      }
      if (next instanceof RetryDecision.GiveUp) {
        // RFC 5321 §4.5.4.1: after days of trying, the sender must hear that the message did not go.
        RecipientOutcome last = e.getValue();
        e.setValue(RecipientOutcome.permanentFailure("5" + last.status().substring(1), "gave up after "
            + config.giveUpAfter().toHours() + " hours; last error: " + last.diagnostic(), last.remoteMta()));
        newlyFailed.add(e.getKey());
      } else {
        pending.add(e.getKey());
      }
    }
    if (!newlyFailed.isEmpty()) {
      Map<Integer, RecipientOutcome> failures = new LinkedHashMap<>();
      newlyFailed.stream().sorted().forEach(i -> failures.put(i, outcomes.get(i)));
      bounces.failed(m, failures);
    }
    synchronized (stripe(queueId)) {
      finish(queueId, file, attempts, pending, next, outcomes, state, m, now);
    }
  }

  /**
   * The attempt's bookkeeping, under the message's stripe: an administrator may have held or deleted the
   * message while it was being delivered, and then it is neither resurrected nor rescheduled.
   */
  private void finish(String queueId, Path file, int attempts, List<Integer> pending, RetryDecision next,
      Map<Integer, RecipientOutcome> outcomes, DeliveryState state, SpooledMessage m, Instant now) {
    dev.sealpost.server.spool.QueueFiles.Place place = files.find(queueId);
    if (place == dev.sealpost.server.spool.QueueFiles.Place.ABSENT) {
      deleteState(queueId); // deleted by an administrator during the attempt
      return;
    }
    if (place == dev.sealpost.server.spool.QueueFiles.Place.HELD && !pending.isEmpty()) {
      try {
        states.save(queueId, new DeliveryState(attempts, now, outcomes, state.delayWarned()));
      } catch (IOException e) {
        LOG.error("queue={} event=outbound-state-failed error=\"{}\"", queueId, e.toString());
      }
      return; // progress kept for the release; no timer
    }
    if (place == dev.sealpost.server.spool.QueueFiles.Place.HELD) {
      file = spool.holdFile(queueId); // held while its last recipients were delivered: nothing left to hold
    }
    try {
      if (pending.isEmpty()) {
        Files.deleteIfExists(file);
        deleteState(queueId);
        LOG.info("queue={} event=outbound-done attempts={}", queueId, attempts);
        return;
      }
      Instant at = ((RetryDecision.RetryAt) next).at();
      boolean warned = state.delayWarned();
      if (retry.delayWarningDue(m.envelope().receivedAt(), warned)) {
        Map<Integer, RecipientOutcome> waiting = new LinkedHashMap<>();
        pending.stream().sorted().forEach(i -> waiting.put(i, outcomes.get(i)));
        bounces.delayed(m, waiting, retry.expiry(m.envelope().receivedAt()));
        warned = true;
      }
      states.save(queueId, new DeliveryState(attempts, at, outcomes, warned));
      Duration wait = Duration.between(now, at);
      LOG.info("queue={} event=outbound-retry attempt={} pending={} retry-in-s={}", queueId, attempts, pending.size(),
          wait.toSeconds());
      schedule(queueId, wait);
    } catch (IOException e) {
      LOG.error("queue={} event=outbound-state-failed error=\"{}\"", queueId, e.toString());
      schedule(queueId, config.firstRetry());
    }
  }

  private void quarantine(String queueId, Path file) {
    try {
      spool.quarantine(file);
    } catch (IOException e) {
      LOG.error("queue={} event=quarantine-failed error=\"{}\"", queueId, e.toString());
    }
    deleteState(queueId);
  }

  private void deleteState(String queueId) {
    try {
      states.delete(queueId);
    } catch (IOException e) {
      LOG.warn("queue={} event=state-delete-failed error=\"{}\"", queueId, e.toString());
    }
  }

  static String domainOf(String address) {
    return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
  }

  /** Stops scheduling; attempts in progress finish (bounded by the client's timeouts). */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    try {
      if (permits.tryAcquire(config.concurrency(), 30, TimeUnit.SECONDS)) {
        permits.release(config.concurrency());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    onClose.run();
  }
}
