package dev.sealpost.protocol;

import java.util.Objects;

/**
 * Parses the addresses of RFC 5321 §4.1.2 (with RFC 6531 UTF-8): mailboxes, and the paths of MAIL and
 * RCPT. Strict: an unquoted "@" in a local part, an empty label or a malformed literal is an error.
 * Relay tricks are left visible to the server rather than interpreted: {@code user%other@ours} keeps
 * {@code user%other} as local part, {@code "a@b"@ours} keeps {@code a@b}.
 */
public final class AddressParser {

  /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so a mailbox at most 254 without brackets. */
  static final int MAX_MAILBOX_OCTETS = 254;

  private AddressParser() {}

  /**
   * Parses {@code local-part@domain} (no angle brackets, no route), as in configuration and users files.
   *
   * @throws IllegalArgumentException naming the text when it is not a valid mailbox
   */
  public static Mailbox parseMailbox(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_MAILBOX_OCTETS || LocalPart.octets(text) > MAX_MAILBOX_OCTETS) {
      throw new IllegalArgumentException("Mailbox longer than 254 octets: " + Ascii.show(text));
    }
    LocalPart.Scanned local = LocalPart.scan(text);
    if (local.end() >= text.length() || text.charAt(local.end()) != '@') {
      throw new IllegalArgumentException("Not a mailbox (local-part@domain): " + Ascii.show(text));
    }
    if (LocalPart.octets(text.substring(0, local.end())) > LocalPart.MAX_OCTETS) {
      throw new IllegalArgumentException("Local part longer than 64 octets: " + Ascii.show(text));
    }
    return new Mailbox(local.value(), MailDomain.parse(text.substring(local.end() + 1)));
  }

  /** The text between the angle brackets of MAIL FROM; empty for the null path. */
  static ReversePath reversePath(String inner) {
    return inner.isEmpty() ? ReversePath.NULL : ReversePath.of(parseMailbox(withoutRoute(inner)));
  }

  /** The text between the angle brackets of RCPT TO. */
  static ForwardPath forwardPath(String inner) {
    if (Ascii.equalsIgnoreCase(inner, "Postmaster")) {
      return new ForwardPath.Postmaster();
    }
    return new ForwardPath.To(parseMailbox(withoutRoute(inner)));
  }

  /**
   * RFC 5321 §4.1.1.3 and Appendix C: a source route ({@code @a,@b:user@c}) must be accepted and its
   * hops ignored. The hops are checked for syntax (ASCII Domains, as A-d-l requires) and dropped.
   */
  static String withoutRoute(String inner) {
    if (!inner.startsWith("@")) {
      return inner;
    }
    int colon = inner.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("Source route without ':': " + Ascii.show(inner));
    }
    for (String hop : inner.substring(0, colon).split(",", -1)) {
      if (!hop.startsWith("@") || !Ascii.isAscii(hop)) {
        throw new IllegalArgumentException("Not a valid source route: " + Ascii.show(inner));
      }
      Domain.parse(hop.substring(1));
    }
    return inner.substring(colon + 1);
  }
}
