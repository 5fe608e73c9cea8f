package dev.sealpost.protocol;

/**
 * The part of a mailbox after the "@" (RFC 5321 §4.1.2): a {@link Domain} or an {@link AddressLiteral}.
 */
public sealed interface MailDomain permits Domain, AddressLiteral {

  /** The form to compare and to look up: the lower-case A-label domain, or the literal with brackets. */
  String ascii();

  /** The form to show a user of an SMTPUTF8 session: U-labels where there are any. */
  String unicode();

  /** True when written with U-labels, which RFC 6531 §3.2 allows only after MAIL ... SMTPUTF8. */
  boolean needsSmtpUtf8();

  /**
   * Parses a Domain, or an address literal when the text starts with "[".
   *
   * @throws IllegalArgumentException naming the text when it is neither
   */
  static MailDomain parse(String text) {
    return text.startsWith("[") ? AddressLiteral.parse(text) : Domain.parse(text);
  }
}
