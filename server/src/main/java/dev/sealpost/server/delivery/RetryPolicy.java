package dev.sealpost.server.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try a failed local delivery again: after {@code initialDelay}, doubling up to {@code maxDelay},
 * at most {@code maxAttempts} times in all. After that the message stays in incoming/ and is tried again
 * at the next start (SpoolRecovery); it is never dropped.
 */
public record RetryPolicy(Duration initialDelay, Duration maxDelay, int maxAttempts) {

  /** 10 s, 20 s, 40 s ... capped at 10 min, 12 attempts: about an hour before waiting for a restart. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(10), 12);

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0 || maxAttempts < 1) {
      throw new IllegalArgumentException("bad retry policy: " + initialDelay + ", " + maxDelay + ", " + maxAttempts);
    }
  }

  /** The wait before attempt {@code attempt + 1}, given that {@code attempt} (1-based) just failed. */
  Duration delayAfter(int attempt) {
    Duration d = initialDelay;
    for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }
}
