package dev.sealpost.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers recent successful password checks for a short time, so that a client opening one
 * connection per message pays Argon2id once a minute instead of once a message.
 *
 * <p>The key is HMAC-SHA256 under a random per-process key of {@code authcid NUL password}: a heap dump
 * holds neither passwords nor a hash that could be attacked without that key, and the key dies with the
 * process. An entry counts only while the user's stored hash is the one it was verified against, so a
 * password change or removal in the users file takes effect at the next reload. Thread-safe.
 */
public final class VerificationCache {

  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private record Entry(String key, String user, String passwordHash, Instant expires) {}

  private final Clock clock;
  private final Duration ttl;
  private final int maxEntries;
  private final SecretKeySpec hmacKey;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  // Insertion order; with one TTL for all, also expiry order. Replaced entries are skipped when polled.
  private final Queue<Entry> order = new ConcurrentLinkedQueue<>();

  public VerificationCache(Clock clock) {
    this(clock, DEFAULT_TTL, DEFAULT_MAX_ENTRIES);
  }

  public VerificationCache(Clock clock, Duration ttl, int maxEntries) {
    if (ttl.isNegative() || maxEntries < 1) {
      throw new IllegalArgumentException("cache ttl " + ttl + " must not be negative and max entries "
          + maxEntries + " must be positive");
    }
    this.clock = clock;
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.hmacKey = new SecretKeySpec(key, "HmacSHA256");
    Arrays.fill(key, (byte) 0);
  }

  /** The user {@code authcid} and {@code password} were verified as, if recent and still current. */
  public Optional<String> lookup(String authcid, char[] password, String currentPasswordHash) {
    String key = key(authcid, password);
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(e.expires()) || !e.passwordHash().equals(currentPasswordHash)) {
      entries.remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.user());
  }

  /** Records that {@code password} matched {@code passwordHash}, the stored hash of {@code user}. */
  public void remember(String authcid, char[] password, String user, String passwordHash) {
    Instant now = clock.instant();
    Entry e = new Entry(key(authcid, password), user, passwordHash, now.plus(ttl));
    entries.put(e.key(), e);
    order.add(e);
    prune(now);
  }

  int size() {
    return entries.size();
  }

  private void prune(Instant now) {
    for (Entry head = order.peek(); head != null; head = order.peek()) {
      boolean stale = entries.get(head.key()) != head;
      boolean expired = !now.isBefore(head.expires());
      if (!stale && !expired && entries.size() <= maxEntries) {
        return;
      }
      if (order.remove(head)) {
        entries.remove(head.key(), head);
      }
    }
  }

  private String key(String authcid, char[] password) {
    byte[] secret = PasswordHasher.utf8(password);
    try {
      Mac mac = Mac.getInstance("HmacSHA256"); // Mac is not thread-safe; one per call costs microseconds
      mac.init(hmacKey);
      mac.update(UserAddresses.key(authcid).getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(secret);
      return Base64.getEncoder().encodeToString(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }
}
