package dev.sealpost.client;

import java.util.OptionalLong;

/**
 * Decides, before any byte of the transaction is sent, what MAIL FROM declares, and refuses messages the
 * server cannot take as they are (RFC 1870 SIZE, RFC 6152 8BITMIME, RFC 6531 SMTPUTF8, RFC 8689 REQUIRETLS,
 * RFC 3461 DSN). Uses only the capabilities announced inside TLS. No I/O.
 */
final class TransactionPlan {
  private TransactionPlan() {}

  static MailCommands.MailOptions plan(EhloCapabilities caps, Mail mail, boolean tls, Destination destination,
      boolean dropUnsupportedDsn) {
    Envelope envelope = mail.envelope();
    Content content = mail.content();
    OptionalLong size = content.size();
    OptionalLong limit = caps.sizeLimit();
    if (size.isPresent() && limit.isPresent() && size.getAsLong() > limit.getAsLong()) {
      throw new MessageTooLargeException("message of " + size.getAsLong() + " octets exceeds the SIZE limit of "
          + limit.getAsLong() + " octets announced by " + destination, size.getAsLong(), limit.getAsLong(), null);
    }
    boolean bytes = content instanceof Content.Bytes;
    boolean smtpUtf8 = envelope.needsSmtpUtf8() || (content instanceof Content.Bytes b && b.eightBitHeaders());
    if (smtpUtf8 && !caps.has("SMTPUTF8")) {
      throw new ExtensionMissingException("SMTPUTF8", destination + " does not offer SMTPUTF8, which the message needs "
          + (envelope.needsSmtpUtf8() ? "for its non-ASCII addresses" : "for its UTF-8 header fields"));
    }
    boolean eightBit = bytes ? ((Content.Bytes) content).eightBit() || smtpUtf8 : caps.has("8BITMIME");
    if (eightBit && !caps.has("8BITMIME")) {
      throw new ExtensionMissingException("8BITMIME", destination + " does not offer 8BITMIME and the message has"
          + " 8-bit content; encode it as quoted-printable or base64 (MimeMail does)");
    }
    if (envelope.requireTls() && !(tls && caps.has("REQUIRETLS"))) {
      throw new ExtensionMissingException("REQUIRETLS", "the message requires TLS all the way (REQUIRETLS) and "
          + destination + (tls ? " does not offer REQUIRETLS" : " is not reached over TLS"));
    }
    if (envelope.hasDsnParameters() && !caps.has("DSN") && !dropUnsupportedDsn) {
      throw new ExtensionMissingException("DSN", destination + " does not offer DSN; the envelope sets RET, ENVID,"
          + " NOTIFY or ORCPT");
    }
    // RFC 3461 §4.1: a relay whose next hop lacks DSN sends without the parameters and reports itself.
    return new MailCommands.MailOptions(caps.has("SIZE") ? size : OptionalLong.empty(), eightBit, smtpUtf8,
        caps.has("DSN"));
  }
}
