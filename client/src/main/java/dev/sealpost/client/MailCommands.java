package dev.sealpost.client;

import dev.sealpost.protocol.DsnNotify;
import dev.sealpost.protocol.Xtext;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** Writes MAIL FROM and RCPT TO lines with their ESMTP parameters. No I/O. */
final class MailCommands {
  private MailCommands() {}

  /**
   * What a transaction decided to declare on MAIL FROM.
   *
   * @param dsn whether the RFC 3461 parameters (RET, ENVID, NOTIFY, ORCPT) go on the wire: false when the
   *     server lacks DSN and the client drops them
   */
  record MailOptions(OptionalLong size, boolean eightBitMime, boolean smtpUtf8, boolean dsn) {}

  static String mail(Envelope envelope, MailOptions options) {
    StringBuilder b = new StringBuilder("MAIL FROM:").append(envelope.reversePath());
    options.size().ifPresent(s -> b.append(" SIZE=").append(s));
    if (options.eightBitMime()) {
      b.append(" BODY=8BITMIME"); // RFC 6152
    }
    if (options.smtpUtf8()) {
      b.append(" SMTPUTF8"); // RFC 6531 §3.4
    }
    if (options.dsn()) {
      envelope.ret().ifPresent(r -> b.append(" RET=").append(r.name()));
      envelope.envelopeId().ifPresent(id -> b.append(" ENVID=").append(Xtext.encode(id)));
    }
    if (envelope.requireTls()) {
      b.append(" REQUIRETLS"); // RFC 8689 §4.1
    }
    return b.toString();
  }

  static String rcpt(Recipient recipient, MailOptions options) {
    StringBuilder b = new StringBuilder("RCPT TO:<").append(recipient.mailbox()).append('>');
    if (!options.dsn()) {
      return b.toString();
    }
    if (!recipient.notifyOn().isEmpty()) {
      b.append(" NOTIFY=").append(recipient.notifyOn().stream().sorted().map(DsnNotify::name)
          .collect(Collectors.joining(",")));
    }
    recipient.originalRecipient().ifPresent(o -> b.append(" ORCPT=").append(o.toParameterValue()));
    return b.toString();
  }
}
