package dev.sealpost.server.dsn;

import java.time.Instant;
import java.util.Objects;

/** What the queue does after a failed attempt: try again at a time, or give up and report failure. */
public sealed interface RetryDecision {

  /** Try again at {@code at}. */
  record RetryAt(Instant at) implements RetryDecision {
    public RetryAt {
      Objects.requireNonNull(at, "at");
    }
  }

  /** The next attempt would fall after {@code expiry} (arrival + lifetime): report failure now. */
  record GiveUp(Instant expiry) implements RetryDecision {
    public GiveUp {
      Objects.requireNonNull(expiry, "expiry");
    }
  }
}
