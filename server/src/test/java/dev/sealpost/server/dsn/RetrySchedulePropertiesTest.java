package dev.sealpost.server.dsn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The schedule is pure: time is a fixed clock, so nothing here sleeps. */
class RetrySchedulePropertiesTest {

  static final Instant ARRIVAL = Instant.parse("2025-03-04T05:06:07Z");

  static RetrySchedule at(Instant now, long seed) {
    return RetrySchedule.defaults(Clock.fixed(now, ZoneOffset.UTC), new Random(seed));
  }

  @Property
  void baseDelaysNeverShrinkAndStayUnderTheCap(@ForAll @IntRange(min = 1, max = 10_000) int n) {
    RetrySchedule s = at(ARRIVAL, 1);
    assertThat(s.baseDelay(n + 1)).isGreaterThanOrEqualTo(s.baseDelay(n));
    assertThat(s.baseDelay(n)).isLessThanOrEqualTo(RetrySchedule.DEFAULT_CAP)
        .isGreaterThanOrEqualTo(RetrySchedule.DEFAULT_FIRST_RETRY);
  }

  @Property
  void nextAttemptIsTheBaseDelayWithinTheJitter(@ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll long seed, @ForAll @LongRange(min = 0, max = 3600) long secondsAfterArrival) {
    Instant now = ARRIVAL.plusSeconds(secondsAfterArrival);
    RetrySchedule s = at(now, seed);
    RetryDecision d = s.next(ARRIVAL, n);
    long base = s.baseDelay(n).toMillis();
    assertThat(d).isInstanceOf(RetryDecision.RetryAt.class);
    long wait = Duration.between(now, ((RetryDecision.RetryAt) d).at()).toMillis();
    assertThat(wait).isBetween(Math.round(base * 0.8), Math.round(base * 1.2));
  }

  @Property
  void givesUpExactlyWhenTheNextAttemptWouldFallAfterTheLifetime(@ForAll @IntRange(min = 1, max = 60) int n,
      @ForAll long seed, @ForAll @LongRange(min = 0, max = 6 * 86_400) long secondsAfterArrival) {
    Instant now = ARRIVAL.plusSeconds(secondsAfterArrival);
    Instant expiry = ARRIVAL.plus(RetrySchedule.DEFAULT_LIFETIME);
    switch (at(now, seed).next(ARRIVAL, n)) {
      case RetryDecision.RetryAt r -> assertThat(r.at()).isAfter(now).isBeforeOrEqualTo(expiry);
      case RetryDecision.GiveUp g -> {
        assertThat(g.expiry()).isEqualTo(expiry);
        // the longest jittered wait would have passed the expiry
        assertThat(now.plus(Duration.ofMillis(Math.round(at(now, seed).baseDelay(n).toMillis() * 1.2) + 1)))
            .isAfter(expiry);
      }
    }
  }

  @Test
  void defaultsDoubleFromFiveMinutesToFourHours() {
    RetrySchedule s = at(ARRIVAL, 1);
    assertThat(s.baseDelay(1)).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.baseDelay(2)).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.baseDelay(6)).isEqualTo(Duration.ofMinutes(160));
    assertThat(s.baseDelay(7)).isEqualTo(Duration.ofHours(4));
    assertThat(s.expiry(ARRIVAL)).isEqualTo(ARRIVAL.plus(Duration.ofDays(5)));
    assertThat(at(ARRIVAL.plus(Duration.ofDays(5)).minusSeconds(60), 1).next(ARRIVAL, 3))
        .isEqualTo(new RetryDecision.GiveUp(ARRIVAL.plus(Duration.ofDays(5))));
  }

  @Test
  void delayWarningOnceAfterFourHours() {
    assertThat(at(ARRIVAL.plus(Duration.ofHours(4)).minusSeconds(1), 1).delayWarningDue(ARRIVAL, false)).isFalse();
    assertThat(at(ARRIVAL.plus(Duration.ofHours(4)), 1).delayWarningDue(ARRIVAL, false)).isTrue();
    assertThat(at(ARRIVAL.plus(Duration.ofHours(5)), 1).delayWarningDue(ARRIVAL, true)).isFalse();
    RetrySchedule off = new RetrySchedule(Duration.ofMinutes(5), 2, Duration.ofHours(4), Duration.ofDays(5),
        Optional.empty(), 0.1, Clock.fixed(ARRIVAL.plus(Duration.ofDays(1)), ZoneOffset.UTC), new Random(1));
    assertThat(off.delayWarningDue(ARRIVAL, false)).isFalse();
  }

  @Test
  void badSettingsAreRefusedByName() {
    Clock c = Clock.systemUTC();
    assertThatThrownBy(() -> new RetrySchedule(Duration.ofMinutes(5), 2, Duration.ofMinutes(1), Duration.ofDays(5),
        Optional.empty(), 0.2, c, new Random())).hasMessageContaining("cap");
    assertThatThrownBy(() -> new RetrySchedule(Duration.ofMinutes(5), 2, Duration.ofHours(4), Duration.ofDays(5),
        Optional.empty(), 0.9, c, new Random())).hasMessageContaining("jitter");
    assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, 2, Duration.ofHours(4), Duration.ofDays(5),
        Optional.empty(), 0.2, c, new Random())).hasMessageContaining("firstRetry");
  }
}
