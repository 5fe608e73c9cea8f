package dev.sealpost.server.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps open connections in total and per client address, so that one peer cannot take every session.
 * Shared by all channels of a server; counts are released when a channel closes.
 */
final class ConnectionLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);

  private final int maxTotal;
  private final int maxPerClient;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();

  ConnectionLimiter(int maxTotal, int maxPerClient) {
    this.maxTotal = maxTotal;
    this.maxPerClient = maxPerClient;
  }

  /** Counts the new channel; false (and nothing counted) when a limit would be exceeded. */
  boolean admit(InetSocketAddress client) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      LOG.warn("client={} event=connection-refused reason=max-connections", client);
      return false;
    }
    AtomicInteger n = perClient.computeIfAbsent(client.getAddress(), a -> new AtomicInteger());
    if (n.incrementAndGet() > maxPerClient) {
      release(client);
      LOG.warn("client={} event=connection-refused reason=max-connections-per-client", client);
      return false;
    }
    return true;
  }

  void release(InetSocketAddress client) {
    total.decrementAndGet();
    perClient.computeIfPresent(client.getAddress(), (a, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  int open() {
    return total.get();
  }
}
