package dev.sealpost.server.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing (RFC 9106) to and from PHC strings. Thread-safe. Each call allocates
 * {@link Argon2Params#memoryKiB()} of memory for its duration, which is why callers bound concurrency.
 *
 * <p>Passwords are hashed as UTF-8, the bytes SASL clients send (RFC 4616 §2), so a hash made by the
 * reference {@code argon2} tool or Dovecot from the same bytes verifies here. The caller owns and clears the {@code char[]}; byte copies made here are
 * cleared before returning.
 */
public final class PasswordHasher implements PasswordVerifier {

  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Argon2Params params;

  /** A hasher producing {@link Argon2Params#DEFAULT} hashes. */
  public PasswordHasher() {
    this(Argon2Params.DEFAULT);
  }

  /** A hasher producing hashes with {@code params}; verification always uses the stored parameters. */
  public PasswordHasher(Argon2Params params) {
    this.params = params;
  }

  /** A new PHC string for {@code password} with a fresh random salt. */
  public String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] out = derive(password, params, salt, HASH_BYTES);
    String phc = new PhcString(params, salt, out).encode();
    Arrays.fill(out, (byte) 0);
    return phc;
  }

  /**
   * Whether {@code password} matches {@code phc} ({@code $argon2id$...}, optionally prefixed with
   * Dovecot's {@code {ARGON2ID}}), compared in constant time.
   *
   * @throws IllegalArgumentException if {@code phc} is malformed or has parameters beyond the limits of
   *     {@link Argon2Params}, salt shorter than 8 bytes, or hash outside 16..64 bytes
   */
  @Override
  public boolean verify(char[] password, String phc) {
    PhcString stored = PhcString.parse(phc);
    byte[] expected = stored.hash();
    byte[] actual = derive(password, stored.params(), stored.salt(), expected.length);
    try {
      return MessageDigest.isEqual(actual, expected);
    } finally {
      Arrays.fill(actual, (byte) 0);
    }
  }

  static byte[] derive(char[] password, Argon2Params p, byte[] salt, int length) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(p.memoryKiB())
        .withIterations(p.iterations())
        .withParallelism(p.parallelism())
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] secret = utf8(password);
    try {
      byte[] out = new byte[length];
      generator.generateBytes(secret, out);
      return out;
    } finally {
      Arrays.fill(secret, (byte) 0);
      parameters.clear();
    }
  }

  /**
   * UTF-8 bytes of {@code chars} without an intermediate String that could linger on the heap. A lone
   * surrogate becomes '?', as in String.getBytes; SASL never yields one, since it decodes UTF-8 strictly.
   */
  static byte[] utf8(char[] chars) {
    ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    if (buffer.hasArray()) {
      Arrays.fill(buffer.array(), (byte) 0);
    }
    return bytes;
  }
}
