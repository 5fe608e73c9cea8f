package dev.sealpost.protocol;

import java.util.Objects;

/**
 * A Mailbox of RFC 5321 §4.1.2, {@code local-part@domain}, with RFC 6531 UTF-8. The local part is kept
 * dequoted and case-sensitive (§2.4); {@link #toString()} writes it back in RFC 5321 form, quoting only
 * when needed. Source routes never reach a Mailbox: the parser drops them.
 *
 * @param localPart the dequoted local part, at most 64 octets once written
 * @param domain the domain or address literal
 */
public record Mailbox(String localPart, MailDomain domain) {

  public Mailbox {
    Objects.requireNonNull(localPart, "localPart");
    Objects.requireNonNull(domain, "domain");
    LocalPart.validate(localPart);
  }

  /** Same as {@link AddressParser#parseMailbox}. */
  public static Mailbox parse(String text) {
    return AddressParser.parseMailbox(text);
  }

  /** True when the local part can only be written as a Quoted-string (it is not a Dot-string). */
  public boolean quotedLocalPart() {
    return !LocalPart.isDotString(localPart);
  }

  /** True when the address has non-ASCII characters, so it may be used only with SMTPUTF8 (RFC 6531). */
  public boolean needsSmtpUtf8() {
    return !Ascii.isAscii(localPart) || domain.needsSmtpUtf8();
  }

  /** RFC 5321 form, e.g. {@code user@example.com} or {@code "a b"@example.com}. */
  @Override
  public String toString() {
    return LocalPart.render(localPart) + "@" + domain;
  }
}
