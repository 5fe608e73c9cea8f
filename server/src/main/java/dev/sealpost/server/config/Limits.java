package dev.sealpost.server.config;

import java.time.Duration;

/**
 * Resource limits. Every buffer and counter that a peer can grow has one of these as its bound.
 *
 * @param maxMessageSize largest message in octets, advertised with SIZE (RFC 1870)
 * @param maxRecipients recipients per transaction; more get 452 4.5.3 (RFC 5321 §4.5.3.1.8)
 * @param idleTimeout time a session may wait for the client before 421 4.4.2
 * @param maxConnections open connections in total
 * @param maxConnectionsPerClient open connections from one client address
 * @param maxErrors protocol errors after which a session is closed
 */
public record Limits(long maxMessageSize, int maxRecipients, Duration idleTimeout, int maxConnections,
    int maxConnectionsPerClient, int maxErrors) {

  public static final Limits DEFAULT =
      new Limits(50L * 1024 * 1024, 100, Duration.ofMinutes(5), 20_000, 200, 20);
}
