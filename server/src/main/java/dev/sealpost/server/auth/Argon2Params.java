package dev.sealpost.server.auth;

/**
 * Argon2id cost parameters (RFC 9106 §3.1). The limits refuse values that no sane configuration uses,
 * so that a tampered users file cannot make one login allocate gigabytes or spin for minutes.
 *
 * @param memoryKiB memory in KiB (m); at least 8 per lane as RFC 9106 requires, at most 1 GiB
 * @param iterations passes over memory (t), 1 to 20
 * @param parallelism lanes (p), 1 to 16
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {

  /** OWASP Password Storage Cheat Sheet's first Argon2id option: 19 MiB, 2 passes, 1 lane. */
  public static final Argon2Params DEFAULT = new Argon2Params(19_456, 2, 1);

  static final int MAX_MEMORY_KIB = 1024 * 1024;
  static final int MAX_ITERATIONS = 20;
  static final int MAX_PARALLELISM = 16;

  public Argon2Params {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException("argon2 parallelism p=" + parallelism + " outside 1.." + MAX_PARALLELISM);
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("argon2 iterations t=" + iterations + " outside 1.." + MAX_ITERATIONS);
    }
    if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException("argon2 memory m=" + memoryKiB + " KiB outside " + 8 * parallelism
          + ".." + MAX_MEMORY_KIB);
    }
  }
}
