package dev.sealpost.server.dsn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try an outbound message again: {@code firstRetry}, then {@code factor} times the last wait up to
 * {@code cap}, each wait moved at random by up to ±{@code jitter} so that messages that failed together do
 * not all come back together. After {@code lifetime} from arrival the queue gives up (RFC 5321 §4.5.4.1:
 * at least 4–5 days). Pure: the clock and the random source are given.
 *
 * <p>A delay warning is due once after {@code warnAfter}; {@link DsnPolicy} decides whether it is sent.
 * It is on (4 h, as in sendmail) because it reaches only senders who asked with NOTIFY=DELAY by default.
 */
public final class RetrySchedule {

  public static final Duration DEFAULT_FIRST_RETRY = Duration.ofMinutes(5);
  public static final Duration DEFAULT_CAP = Duration.ofHours(4);
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(5);
  public static final Duration DEFAULT_WARN_AFTER = Duration.ofHours(4);
  public static final double DEFAULT_JITTER = 0.2;

  private final Duration firstRetry;
  private final double factor;
  private final Duration cap;
  private final Duration lifetime;
  private final Optional<Duration> warnAfter;
  private final double jitter;
  private final Clock clock;
  private final RandomGenerator random;

  /**
   * @param factor at least 1
   * @param jitter 0 to 0.5, the most a wait moves either way as a fraction of it
   * @throws IllegalArgumentException naming the value that does not fit
   */
  public RetrySchedule(Duration firstRetry, double factor, Duration cap, Duration lifetime,
      Optional<Duration> warnAfter, double jitter, Clock clock, RandomGenerator random) {
    this.firstRetry = positive(firstRetry, "firstRetry");
    this.cap = positive(cap, "cap");
    this.lifetime = positive(lifetime, "lifetime");
    this.warnAfter = Objects.requireNonNull(warnAfter, "warnAfter").map(w -> positive(w, "warnAfter"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    if (!(factor >= 1 && factor <= 100)) {
      throw new IllegalArgumentException("retry factor must be 1..100: " + factor);
    }
    if (!(jitter >= 0 && jitter <= 0.5)) {
      throw new IllegalArgumentException("retry jitter must be 0..0.5: " + jitter);
    }
    if (cap.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException("retry cap " + cap + " is below the first retry " + firstRetry);
    }
    this.factor = factor;
    this.jitter = jitter;
  }

  /** 5 min, doubling to 4 h, ±20 %, 5 days, delay warning after 4 h. */
  public static RetrySchedule defaults(Clock clock, RandomGenerator random) {
    return new RetrySchedule(DEFAULT_FIRST_RETRY, 2, DEFAULT_CAP, DEFAULT_LIFETIME,
        Optional.of(DEFAULT_WARN_AFTER), DEFAULT_JITTER, clock, random);
  }

  /** The wait before attempt {@code attemptsMade + 1}, before jitter: firstRetry·factor^(n−1), capped. */
  public Duration baseDelay(int attemptsMade) {
    if (attemptsMade < 1) {
      throw new IllegalArgumentException("attempts made must be at least 1: " + attemptsMade);
    }
    double seconds = firstRetry.toMillis() / 1000.0 * Math.pow(factor, attemptsMade - 1);
    return seconds >= cap.toMillis() / 1000.0 ? cap : Duration.ofMillis(Math.round(seconds * 1000));
  }

  /**
   * After {@code attemptsMade} attempts (the last one just failed): when to try next, from now, or give
   * up when that would fall after arrival + lifetime.
   */
  public RetryDecision next(Instant arrival, int attemptsMade) {
    Duration base = baseDelay(attemptsMade);
    double spread = jitter == 0 ? 0 : random.nextDouble(-jitter, jitter);
    Duration wait = Duration.ofMillis(Math.max(1000, Math.round(base.toMillis() * (1 + spread))));
    Instant at = clock.instant().plus(wait);
    Instant expiry = expiry(arrival);
    return at.isAfter(expiry) ? new RetryDecision.GiveUp(expiry) : new RetryDecision.RetryAt(at);
  }

  /** Arrival + lifetime: the Will-Retry-Until of a delay report. */
  public Instant expiry(Instant arrival) {
    return arrival.plus(lifetime);
  }

  /** True when a delay warning is due now and none was sent yet. */
  public boolean delayWarningDue(Instant arrival, boolean warned) {
    return !warned && warnAfter.filter(w -> !clock.instant().isBefore(arrival.plus(w))).isPresent();
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }
}
