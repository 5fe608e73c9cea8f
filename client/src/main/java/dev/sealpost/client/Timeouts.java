package dev.sealpost.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait in each phase. The defaults are RFC 5321 §4.5.3.2's, except connect, which it leaves open.
 *
 * @param connect TCP connect and TLS handshake
 * @param greeting the 220 greeting (§4.5.3.2.1: 5 minutes)
 * @param command the reply to EHLO, STARTTLS, AUTH, MAIL, RCPT, RSET, NOOP (§4.5.3.2.2-3: 5 minutes)
 * @param dataInitiation the 354 reply to DATA (§4.5.3.2.4: 2 minutes)
 * @param dataBlock one write of content (§4.5.3.2.5: 3 minutes); a server that stops reading for longer loses
 *     the connection (enforced by {@link WriteDeadline}, since the JDK has no write timeout)
 * @param dataTermination the reply after the final dot (§4.5.3.2.6: 10 minutes)
 */
public record Timeouts(Duration connect, Duration greeting, Duration command, Duration dataInitiation,
    Duration dataBlock, Duration dataTermination) {

  public Timeouts {
    for (Duration d : new Duration[] {connect, greeting, command, dataInitiation, dataBlock, dataTermination}) {
      Objects.requireNonNull(d, "timeout");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive: " + d);
      }
    }
  }

  public static Timeouts rfc5321() {
    return new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(2),
        Duration.ofMinutes(3), Duration.ofMinutes(10));
  }

  /** The same limit everywhere, for tests and interactive tools. */
  public static Timeouts all(Duration limit) {
    return new Timeouts(limit, limit, limit, limit, limit, limit);
  }

  public Timeouts withConnect(Duration d) {
    return new Timeouts(d, greeting, command, dataInitiation, dataBlock, dataTermination);
  }

  public Timeouts withCommand(Duration d) {
    return new Timeouts(connect, greeting, d, dataInitiation, dataBlock, dataTermination);
  }

  public Timeouts withDataBlock(Duration d) {
    return new Timeouts(connect, greeting, command, dataInitiation, d, dataTermination);
  }

  public Timeouts withDataTermination(Duration d) {
    return new Timeouts(connect, greeting, command, dataInitiation, dataBlock, d);
  }
}
