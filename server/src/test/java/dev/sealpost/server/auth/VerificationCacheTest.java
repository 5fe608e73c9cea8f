package dev.sealpost.server.auth;

import dev.sealpost.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VerificationCacheTest {

  private static final String HASH = "{ARGON2ID}$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
  private static final String OTHER_HASH = HASH.replace("aGFz", "bGFz");

  private final MutableClock clock = new MutableClock();
  private final VerificationCache cache = new VerificationCache(clock);

  private static char[] pw(String s) {
    return s.toCharArray();
  }

  @Test
  void hitsOnlyForTheSameIdentityPasswordAndStoredHash() {
    cache.remember("alice@x.org", pw("secret"), "Alice@x.org", HASH);
    assertThat(cache.lookup("alice@x.org", pw("secret"), HASH)).contains("Alice@x.org");
    assertThat(cache.lookup("ALICE@x.org", pw("secret"), HASH)).contains("Alice@x.org");
    assertThat(cache.lookup("alice@x.org", pw("Secret"), HASH)).isEmpty();
    assertThat(cache.lookup("bob@x.org", pw("secret"), HASH)).isEmpty();
  }

  @Test
  void identityAndPasswordCannotBeShiftedAcrossTheSeparator() {
    cache.remember("ab", pw("c"), "ab", HASH);
    assertThat(cache.lookup("a", pw("bc"), HASH)).isEmpty();
  }

  @Test
  void aChangedStoredHashMissesAndDropsTheEntry() {
    cache.remember("alice@x.org", pw("secret"), "alice@x.org", HASH);
    assertThat(cache.lookup("alice@x.org", pw("secret"), OTHER_HASH)).isEmpty();
    assertThat(cache.size()).isZero();
    assertThat(cache.lookup("alice@x.org", pw("secret"), HASH)).isEmpty();
  }

  @Test
  void entriesExpireAfterTheTtl() {
    cache.remember("alice@x.org", pw("secret"), "alice@x.org", HASH);
    clock.advance(VerificationCache.DEFAULT_TTL.minusMillis(1));
    assertThat(cache.lookup("alice@x.org", pw("secret"), HASH)).isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(cache.lookup("alice@x.org", pw("secret"), HASH)).isEmpty();
  }

  @Test
  void evictsTheOldestPastTheMaximum() {
    VerificationCache small = new VerificationCache(clock, Duration.ofMinutes(1), 2);
    small.remember("a", pw("1"), "a", HASH);
    clock.advance(Duration.ofSeconds(1));
    small.remember("b", pw("2"), "b", HASH);
    clock.advance(Duration.ofSeconds(1));
    small.remember("c", pw("3"), "c", HASH);
    assertThat(small.size()).isEqualTo(2);
    assertThat(small.lookup("a", pw("1"), HASH)).isEmpty();
    assertThat(small.lookup("b", pw("2"), HASH)).contains("b");
    assertThat(small.lookup("c", pw("3"), HASH)).contains("c");
  }

  @Test
  void expiredEntriesAreDroppedWhenOthersAreAdded() {
    for (int i = 0; i < 100; i++) {
      cache.remember("u" + i, pw("p"), "u" + i, HASH);
      clock.advance(Duration.ofSeconds(10));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(7);
  }

  @Test
  void rememberingTheSameKeyAgainKeepsOneEntry() {
    VerificationCache small = new VerificationCache(clock, Duration.ofMinutes(1), 2);
    small.remember("a", pw("1"), "a", HASH);
    small.remember("a", pw("1"), "a", OTHER_HASH);
    small.remember("b", pw("2"), "b", HASH);
    assertThat(small.lookup("a", pw("1"), OTHER_HASH)).contains("a");
    assertThat(small.lookup("b", pw("2"), HASH)).contains("b");
  }
}
