package dev.sealpost.server.auth;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Slows password guessing: the reply to a failed AUTH is delayed by 1 s, then 2, 4, 8, and at most 16 s
 * for each further failure from the same client network (an IPv4 address, or an IPv6 /64, since one
 * host commonly holds a whole /64). A success resets the network; so do 15 minutes without failures.
 *
 * <p>Memory is bounded: past {@code maxTracked} networks the one that failed longest ago is forgotten.
 * Thread-safe; only failures and successes take the lock, and they are rare next to the hash they follow.
 */
public final class AuthFailureThrottle {

  public static final Duration FIRST_DELAY = Duration.ofSeconds(1);
  public static final Duration MAX_DELAY = Duration.ofSeconds(16);
  public static final Duration FORGET_AFTER = Duration.ofMinutes(15);
  public static final int DEFAULT_MAX_TRACKED = 100_000;

  private record Failures(int count, Instant last) {}

  private final Clock clock;
  private final int maxTracked;
  // Kept in order of last failure: a failure re-inserts its network at the end.
  private final LinkedHashMap<String, Failures> networks = new LinkedHashMap<>();

  public AuthFailureThrottle(Clock clock) {
    this(clock, DEFAULT_MAX_TRACKED);
  }

  public AuthFailureThrottle(Clock clock, int maxTracked) {
    if (maxTracked < 1) {
      throw new IllegalArgumentException("maxTracked " + maxTracked + " must be positive");
    }
    this.clock = clock;
    this.maxTracked = maxTracked;
  }

  /** How long to wait before answering the failure about to be recorded for {@code client}. */
  public synchronized Duration delayBeforeFailureReply(InetAddress client) {
    int previous = recent(network(client), clock.instant());
    return previous >= 4 ? MAX_DELAY : FIRST_DELAY.multipliedBy(1L << previous);
  }

  public synchronized void recordFailure(InetAddress client) {
    Instant now = clock.instant();
    String key = network(client);
    int previous = recent(key, now);
    networks.remove(key);
    networks.put(key, new Failures(Math.min(previous + 1, 1_000), now));
    forgetOld(now);
  }

  public synchronized void recordSuccess(InetAddress client) {
    networks.remove(network(client));
  }

  synchronized int tracked() {
    return networks.size();
  }

  private int recent(String key, Instant now) {
    Failures f = networks.get(key);
    return f == null || expired(f, now) ? 0 : f.count();
  }

  private boolean expired(Failures f, Instant now) {
    return !now.isBefore(f.last().plus(FORGET_AFTER));
  }

  private void forgetOld(Instant now) {
    Iterator<Failures> oldestFirst = networks.values().iterator();
    while (oldestFirst.hasNext()) {
      Failures f = oldestFirst.next();
      if (networks.size() <= maxTracked && !expired(f, now)) {
        return;
      }
      oldestFirst.remove();
    }
  }

  static String network(InetAddress client) {
    byte[] a = client.getAddress();
    byte[] prefix = client instanceof Inet4Address ? a
        : isV4Mapped(a) ? Arrays.copyOfRange(a, 12, 16) // ::ffff:a.b.c.d is that IPv4 client, not a /64
        : Arrays.copyOf(a, 8);
    return HexFormat.of().formatHex(prefix);
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }
}
