package dev.sealpost.server.auth;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}), parsed
 * strictly: one algorithm, one version, parameters in their fixed order, unpadded standard base64.
 * Dovecot's scheme prefix {@code {ARGON2ID}} is accepted so a users file can be shared with Dovecot.
 */
final class PhcString {

  static final String DOVECOT_PREFIX = "{ARGON2ID}";
  static final int MIN_SALT = 8;
  static final int MAX_SALT = 64;
  static final int MIN_HASH = 16;
  static final int MAX_HASH = 64;

  // Digits are bounded so that parseInt cannot overflow; Argon2Params checks the actual ranges.
  private static final Pattern FORMAT = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,9})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

  private final Argon2Params params;
  private final byte[] salt;
  private final byte[] hash;

  PhcString(Argon2Params params, byte[] salt, byte[] hash) {
    this.params = params;
    this.salt = salt.clone();
    this.hash = hash.clone();
  }

  /** Parses a PHC string, with or without the Dovecot prefix; messages never repeat the hash itself. */
  static PhcString parse(String text) {
    String phc = text;
    if (phc.regionMatches(true, 0, DOVECOT_PREFIX, 0, DOVECOT_PREFIX.length())) {
      phc = phc.substring(DOVECOT_PREFIX.length());
    }
    Matcher m = FORMAT.matcher(phc);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an argon2id v=19 PHC string");
    }
    Argon2Params params = new Argon2Params(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)));
    byte[] salt = decode(m.group(4), "salt", MIN_SALT, MAX_SALT);
    byte[] hash = decode(m.group(5), "hash", MIN_HASH, MAX_HASH);
    return new PhcString(params, salt, hash);
  }

  private static byte[] decode(String b64, String what, int min, int max) {
    // Length is checked before decoding so a huge field costs nothing.
    if (b64.length() > (max * 4 + 2) / 3) {
      throw new IllegalArgumentException("argon2 " + what + " longer than " + max + " bytes");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("argon2 " + what + " is not valid base64");
    }
    if (bytes.length < min || bytes.length > max) {
      throw new IllegalArgumentException("argon2 " + what + " is " + bytes.length + " bytes, must be "
          + min + ".." + max);
    }
    return bytes;
  }

  Argon2Params params() {
    return params;
  }

  byte[] salt() {
    return salt.clone();
  }

  byte[] hash() {
    return hash.clone();
  }

  /** The canonical form, without the Dovecot prefix. */
  String encode() {
    return "$argon2id$v=19$m=" + params.memoryKiB() + ",t=" + params.iterations() + ",p="
        + params.parallelism() + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
  }

  @Override
  public String toString() {
    return "PhcString[" + params + ", salt=" + salt.length + " bytes, hash=" + hash.length + " bytes]";
  }
}
