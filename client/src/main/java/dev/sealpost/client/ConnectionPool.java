package dev.sealpost.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Idle connections per destination, and a bound on how many are open at once. Eviction is lazy (on every
 * acquire and release) so the pool needs no thread of its own. Closing a connection (QUIT) happens
 * outside the lock.
 */
final class ConnectionPool implements AutoCloseable {

  private final PoolSettings settings;
  private final Function<Destination, SmtpConnection> opener;
  private final Map<Destination, Deque<SmtpConnection>> idle = new HashMap<>();
  private final Map<Destination, Semaphore> permits = new ConcurrentHashMap<>();
  private boolean closed;

  ConnectionPool(PoolSettings settings, Function<Destination, SmtpConnection> opener) {
    this.settings = settings;
    this.opener = opener;
  }

  /** A connection for exclusive use; give it back with {@link #release}. Blocks while the destination is at its limit. */
  SmtpConnection acquire(Destination destination) {
    Semaphore permit = permits.computeIfAbsent(destination, d -> new Semaphore(settings.maxConnectionsPerDestination()));
    permit.acquireUninterruptibly();
    try {
      evictIdle();
      SmtpConnection c;
      while ((c = pollIdle(destination)) != null) {
        Duration idleFor = Duration.between(c.lastUsed(), Instant.now());
        if (idleFor.compareTo(settings.checkAfterIdle()) < 0 || c.noop(settings.checkAfterIdle().plusSeconds(5))) {
          return c;
        }
        c.close(); // failed its health check: discard
      }
      return opener.apply(destination);
    } catch (RuntimeException e) {
      permit.release();
      throw e;
    }
  }

  /** Returns a connection; it is kept only when {@code reusable}, still open and not worn out. */
  void release(SmtpConnection connection, boolean reusable) {
    boolean keep = reusable && connection.isOpen()
        && connection.transactions() < settings.maxMessagesPerConnection();
    synchronized (this) {
      if (keep && !closed) {
        idle.computeIfAbsent(connection.destination(), d -> new ArrayDeque<>()).push(connection);
      } else {
        keep = false;
      }
    }
    if (!keep) {
      connection.close();
    }
    permits.get(connection.destination()).release();
  }

  /** Closes connections idle longer than {@link PoolSettings#maxIdle()}. */
  void evictIdle() {
    Instant cutoff = Instant.now().minus(settings.maxIdle());
    List<SmtpConnection> stale = new ArrayList<>();
    synchronized (this) {
      for (Deque<SmtpConnection> queue : idle.values()) {
        queue.removeIf(c -> {
          boolean old = c.lastUsed().isBefore(cutoff) || !c.isOpen();
          if (old) {
            stale.add(c);
          }
          return old;
        });
      }
    }
    stale.forEach(SmtpConnection::close);
  }

  synchronized int idleCount(Destination destination) {
    return idle.getOrDefault(destination, new ArrayDeque<>()).size();
  }

  private synchronized SmtpConnection pollIdle(Destination destination) {
    Deque<SmtpConnection> queue = idle.get(destination);
    return queue == null ? null : queue.poll();
  }

  @Override
  public void close() {
    List<SmtpConnection> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(SmtpConnection::close);
  }
}
