package dev.sealpost.server.auth;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Sanity rules for addresses in the users file. Not a full RFC 5321 parser: just enough that a line
 * written by {@link UsersFile} reads back as the same user.
 */
final class UserAddresses {

  /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets. */
  static final int MAX_OCTETS = 254;

  private UserAddresses() {}

  /** The lookup key: the whole address lower-cased, so lookups ignore case. */
  static String key(String address) {
    return address.toLowerCase(Locale.ROOT);
  }

  /** Why {@code address} cannot be a user, or empty if it can. */
  static Optional<String> problem(String address) {
    int at = address.indexOf('@');
    if (at < 0 || at != address.lastIndexOf('@')) {
      return Optional.of("must contain exactly one @");
    }
    if (at == 0 || at == address.length() - 1) {
      return Optional.of("local part and domain must not be empty");
    }
    if (address.getBytes(StandardCharsets.UTF_8).length > MAX_OCTETS) {
      return Optional.of("longer than " + MAX_OCTETS + " octets");
    }
    if (address.startsWith("#")) {
      return Optional.of("must not start with # (it would read back as a comment)");
    }
    // Code points, not chars, so that a lone surrogate or U+2028 is caught too.
    boolean bad = address.codePoints().anyMatch(c -> c == ':' || Character.isWhitespace(c)
        || Character.isSpaceChar(c) || Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE
        || Character.getType(c) == Character.FORMAT);
    return bad ? Optional.of("must not contain whitespace, control characters or ':'") : Optional.empty();
  }
}
