package dev.sealpost.server.delivery;

import dev.sealpost.server.spool.Spool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed messages to local Maildirs, at most {@code concurrency} at a time, and retries
 * failures with backoff ({@link RetryPolicy}). A message is never lost: it stays in incoming/ until all
 * its local recipients have it, and recovery submits it again after a restart.
 */
public final class LocalDeliveryAgent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalDeliveryAgent.class);
  public static final int DEFAULT_CONCURRENCY = 32;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /** Per queued message: recipients served and attempts made, kept while it is queued or waiting. */
  private record Progress(Set<Integer> delivered, AtomicInteger attempts) {}

  private final DeliveryAttempt attempt;
  private final Executor executor;
  private final RetryPolicy retry;
  private final int concurrency;
  private final Semaphore permits;
  private final ConcurrentHashMap<String, Progress> active = new ConcurrentHashMap<>();
  private final java.util.Set<String> retrying = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("sealpost-delivery-retry").factory());
  private volatile boolean closed;

  /**
   * @param resolver maps a local recipient address to its Maildir; empty when there is none (retried)
   * @param executor runs deliveries, which block on disk: virtual threads suit; not shut down by close()
   */
  public LocalDeliveryAgent(Spool spool, Function<String, Optional<Path>> resolver, Executor executor) {
    this(spool, resolver, executor, RetryPolicy.DEFAULT, DEFAULT_CONCURRENCY, id -> { });
  }

  /** @param outbound told the id of each message moved to outbound/ for its remote recipients */
  public LocalDeliveryAgent(Spool spool, Function<String, Optional<Path>> resolver, Executor executor,
      java.util.function.Consumer<String> outbound) {
    this(spool, resolver, executor, RetryPolicy.DEFAULT, DEFAULT_CONCURRENCY, outbound);
  }

  public LocalDeliveryAgent(Spool spool, Function<String, Optional<Path>> resolver, Executor executor,
      RetryPolicy retry, int concurrency) {
    this(spool, resolver, executor, retry, concurrency, id -> { });
  }

  public LocalDeliveryAgent(Spool spool, Function<String, Optional<Path>> resolver, Executor executor,
      RetryPolicy retry, int concurrency, java.util.function.Consumer<String> outbound) {
    this.attempt = new DeliveryAttempt(spool, new Maildir(spool.committer()), resolver, outbound);
    this.executor = executor;
    this.retry = retry;
    this.concurrency = concurrency;
    this.permits = new Semaphore(concurrency);
  }

  /**
   * Queues local delivery of incoming/&lt;queueId&gt;. Never blocks, so it may be called from the group
   * committer's thread; an id already queued or waiting for a retry is ignored.
   */
  public void submit(String queueId) {
    if (closed) {
      LOG.warn("queue={} event=local-delivery-not-started reason=shutting-down action=retry-at-start", queueId);
      return;
    }
    if (active.putIfAbsent(queueId, new Progress(ConcurrentHashMap.newKeySet(), new AtomicInteger())) == null) {
      dispatch(queueId);
    }
  }

  private void dispatch(String queueId) {
    try {
      executor.execute(() -> run(queueId));
    } catch (RejectedExecutionException e) {
      active.remove(queueId);
      LOG.warn("queue={} event=local-delivery-not-started reason=executor-closed action=retry-at-start", queueId);
    }
  }

  private void run(String queueId) {
    permits.acquireUninterruptibly();
    try {
      Progress p = active.get(queueId);
      if (closed || p == null) {
        active.remove(queueId);
        return;
      }
      DeliveryAttempt.Outcome outcome;
      try {
        outcome = attempt.run(queueId, p.delivered());
      } catch (RuntimeException e) {
        LOG.error("queue={} event=local-delivery-failed", queueId, e);
        outcome = DeliveryAttempt.Outcome.RETRY;
      }
      if (outcome == DeliveryAttempt.Outcome.RETRY) {
        retryLater(queueId, p.attempts().incrementAndGet());
      } else {
        active.remove(queueId);
      }
    } finally {
      permits.release();
    }
  }

  private void retryLater(String queueId, int failedAttempts) {
    if (failedAttempts >= retry.maxAttempts() || closed) {
      active.remove(queueId);
      LOG.error("queue={} event=local-delivery-deferred attempts={} action=left-in-incoming-until-restart",
          queueId, failedAttempts);
      return;
    }
    Duration wait = retry.delayAfter(failedAttempts);
    LOG.warn("queue={} event=local-delivery-retry attempt={} retry-in-ms={}", queueId, failedAttempts, wait.toMillis());
    try {
      retrying.add(queueId);
      timer.schedule(() -> {
        retrying.remove(queueId);
        dispatch(queueId);
      }, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      active.remove(queueId); // closing: recovery picks it up at the next start
    }
  }

  /**
   * Waits (up to 30 s) for queued and running deliveries, then stops retries; messages waiting for a retry
   * stay in incoming/ for the next start. Close this before the GroupCommitter, which deliveries use.
   */
  @Override
  public void close() {
    // A graceful stop first lets queued first attempts run (they are quick); only retries are left.
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    while (active.size() > retrying.size() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    closed = true;
    timer.shutdownNow();
    try {
      if (permits.tryAcquire(concurrency, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        permits.release(concurrency);
      } else {
        LOG.warn("event=local-delivery-close-timeout in-flight={}", concurrency - permits.availablePermits());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Messages queued, in delivery or waiting for a retry. */
  public int pending() {
    return active.size();
  }
}
