package dev.sealpost.server.spool;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Queue ids: 16 characters of Crockford base32 (digits and upper-case letters, no I, L, O, U), so they
 * are safe as file names on any file system and sort in time order as plain strings.
 *
 * <p>Layout: 9 characters of epoch milliseconds (45 bits, good until year 3084), 3 of a counter (15 bits)
 * and 4 of a per-process random number (20 bits). Millisecond and counter form one monotonic 60-bit
 * value per process, so ids never repeat within a process even when the clock steps back; the random
 * part separates processes, e.g. a restart within the same millisecond or after a clock step.
 */
public final class QueueIds {

  public static final int LENGTH = 16;
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final int COUNTER_BITS = 15;
  private static final long PROCESS = new SecureRandom().nextInt(1 << 20);
  private static final AtomicLong LAST = new AtomicLong();

  private QueueIds() {}

  /** A new id, unique and increasing within this process; thread-safe and lock-free. */
  public static String next() {
    long now = System.currentTimeMillis() << COUNTER_BITS;
    long v = LAST.updateAndGet(last -> Math.max(now, last + 1));
    char[] out = new char[LENGTH];
    encode(v, out, 0, 12);
    encode(PROCESS, out, 12, 4);
    return new String(out);
  }

  /** True when {@code id} has the shape of a queue id, so it is safe to use as a file name. */
  public static boolean isValid(String id) {
    if (id.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      if (ALPHABET.indexOf(id.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The time the id was made, to the millisecond; throws IllegalArgumentException for a malformed id. */
  public static Instant timestamp(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException("not a queue id: " + id);
    }
    long v = 0;
    for (int i = 0; i < 9; i++) {
      v = v << 5 | ALPHABET.indexOf(id.charAt(i));
    }
    return Instant.ofEpochMilli(v);
  }

  /** Writes the low {@code chars * 5} bits of {@code value}, most significant first. */
  private static void encode(long value, char[] out, int at, int chars) {
    for (int i = chars - 1; i >= 0; i--) {
      out[at + i] = ALPHABET.charAt((int) (value & 31));
      value >>>= 5;
    }
  }
}
