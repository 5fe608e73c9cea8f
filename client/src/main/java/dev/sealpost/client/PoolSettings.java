package dev.sealpost.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Connection reuse. A connection goes back to the pool after a transaction that left it in a known
 * state; a broken one is closed.
 *
 * @param maxConnectionsPerDestination concurrent connections to one destination; further senders wait
 * @param maxIdle an idle connection older than this is closed rather than reused (servers drop idle
 *     clients after a few minutes, RFC 5321 §4.5.3.2.7)
 * @param checkAfterIdle a connection idle longer than this is checked with NOOP before reuse
 * @param maxMessagesPerConnection transactions before a connection is retired (servers limit this too)
 */
public record PoolSettings(int maxConnectionsPerDestination, Duration maxIdle, Duration checkAfterIdle,
    int maxMessagesPerConnection) {

  public PoolSettings {
    Objects.requireNonNull(maxIdle, "maxIdle");
    Objects.requireNonNull(checkAfterIdle, "checkAfterIdle");
    if (maxConnectionsPerDestination < 1 || maxMessagesPerConnection < 1) {
      throw new IllegalArgumentException("pool limits must be at least 1");
    }
  }

  public static PoolSettings defaults() {
    return new PoolSettings(4, Duration.ofSeconds(30), Duration.ofSeconds(2), 100);
  }
}
