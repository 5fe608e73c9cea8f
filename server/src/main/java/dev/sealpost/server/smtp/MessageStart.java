package dev.sealpost.server.smtp;

import dev.sealpost.protocol.DsnNotify;
import dev.sealpost.protocol.OriginalRecipient;
import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.server.spi.MessageWriter;
import dev.sealpost.server.spool.Envelope;
import dev.sealpost.server.spool.EnvelopeRecipient;
import dev.sealpost.server.spool.QueueIds;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the message at DATA or the first BDAT: builds the envelope and writes the Received header. */
final class MessageStart {
  private static final Logger LOG = LoggerFactory.getLogger(MessageStart.class);

  private MessageStart() {}

  /** Checks the transaction can take content; returns an error reply when it cannot. */
  static Optional<SmtpReply> check(SmtpSession session) {
    Optional<Transaction> t = session.transaction();
    if (t.isEmpty()) {
      return Optional.of(Replies.BAD_SEQUENCE_MAIL);
    }
    if (t.get().recipients().isEmpty()) {
      return Optional.of(SmtpReply.of(554, "5.5.1", "No valid recipients"));
    }
    return Optional.empty();
  }

  /** Opens the writer for the session's transaction; empty when the spool refused. */
  static Optional<MessageWriter> open(SmtpSession session, Transaction t) {
    String id = QueueIds.next();
    var config = session.services().config();
    Envelope envelope = new Envelope(id, session.services().clock().instant(),
        t.reversePath().mailbox().map(Object::toString).orElse(""),
        t.recipients().stream().map(MessageStart::recipient).toList(),
        t.parameters().ret().map(Enum::name), t.parameters().envId(), t.parameters().smtpUtf8(),
        switch (t.parameters().body()) {
          case SEVEN_BIT -> "7BIT";
          case EIGHT_BIT_MIME -> "8BITMIME";
          case BINARY_MIME -> "BINARYMIME";
        },
        t.parameters().requireTls(), session.user(), session.client().getAddress().getHostAddress(),
        session.helo().orElse(""), session.tls().map(TlsInfo::toString), session.listener().name());
    MessageWriter writer;
    try {
      writer = session.services().deliveryTarget().open(envelope);
    } catch (RuntimeException e) {
      LOG.error("session={} event=spool-open-failed error=\"{}\"", session.id(), e.toString());
      return Optional.empty();
    }
    byte[] received = ReceivedHeader.format(new ReceivedHeader.Trace(session.helo().orElse(""),
        session.client().getAddress().getHostAddress(), config.hostname(), protocol(session, t), id,
        session.tls(), config.showAuthenticatedUser() ? session.user() : Optional.empty(),
        t.recipients().size() == 1 ? Optional.of(t.recipients().get(0).address()) : Optional.empty(),
        ZonedDateTime.now(session.services().clock()))).getBytes(StandardCharsets.UTF_8);
    writer.write(received, 0, received.length);
    t.startMessage(id, writer);
    return Optional.of(writer);
  }

  /** The "with" protocol name of RFC 3848 and RFC 6531 §3.7.3. */
  private static String protocol(SmtpSession session, Transaction t) {
    String base = t.parameters().smtpUtf8() ? "UTF8SMTP" : session.esmtp() ? "ESMTP" : "SMTP";
    if (base.equals("SMTP")) {
      return "SMTP";
    }
    return base + (session.tls().isPresent() ? "S" : "") + (session.user().isPresent() ? "A" : "");
  }

  private static EnvelopeRecipient recipient(Transaction.Recipient r) {
    List<String> notify = r.parameters().notifyOn().stream().map(DsnNotify::name).sorted().toList();
    // Stored as it goes on the wire (RFC 3461 §4.2), so that the outbound side can pass it on unchanged.
    Optional<String> orcpt = r.parameters().orcpt().map(OriginalRecipient::toParameterValue);
    return new EnvelopeRecipient(r.address(), r.local(), notify, orcpt);
  }
}
