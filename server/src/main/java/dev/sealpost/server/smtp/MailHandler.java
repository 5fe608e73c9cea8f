package dev.sealpost.server.smtp;

import dev.sealpost.protocol.BodyType;
import dev.sealpost.protocol.MailParameters;
import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;

/** MAIL (RFC 5321 §4.1.1.2): starts a transaction after the listener's and the sender's checks. */
final class MailHandler implements CommandHandler<SmtpCommand.Mail> {

  @Override
  public Effect handle(SmtpCommand.Mail command, SmtpSession session) {
    if (session.helo().isEmpty()) {
      return session.error(Replies.BAD_SEQUENCE_HELO);
    }
    if (session.transaction().isPresent()) {
      return session.error(Replies.NESTED_MAIL);
    }
    if (session.listener().kind().requiresAuth() && session.user().isEmpty()) {
      return session.error(Replies.AUTH_REQUIRED);
    }
    MailParameters p = command.parameters();
    if (!session.esmtp() && !p.equals(MailParameters.NONE)) {
      return session.error(SmtpReply.of(555, "5.5.4", "MAIL parameters need EHLO, not HELO"));
    }
    if (p.body() == BodyType.BINARY_MIME) {
      return session.error(SmtpReply.of(555, "5.5.4", "BODY=BINARYMIME is not supported"));
    }
    if (p.requireTls() && session.tls().isEmpty()) {
      // RFC 8689 §4.1: REQUIRETLS is offered only inside TLS, and a message asking for it must not
      // have travelled this hop in clear text.
      return session.error(SmtpReply.of(530, "5.7.10", "REQUIRETLS needs a TLS session"));
    }
    if (p.size().isPresent() && p.size().getAsLong() > session.services().config().limits().maxMessageSize()) {
      return session.error(Replies.TOO_BIG);
    }
    if (command.reversePath().mailbox().map(m -> m.needsSmtpUtf8()).orElse(false) && !p.smtpUtf8()) {
      // RFC 6531 §3.5
      return session.error(SmtpReply.of(553, "5.6.7", "Non-ASCII address requires the SMTPUTF8 parameter"));
    }
    String address = command.reversePath().mailbox().map(Object::toString).orElse("");
    if (session.user().isPresent() && !session.services().senderPolicy().mayUse(session.user().get(), address)) {
      return session.error(SmtpReply.of(553, "5.7.1", "Sender address <" + address + "> not owned by "
          + session.user().get()));
    }
    session.begin(new Transaction(command.reversePath(), p));
    return new Effect.Reply(SmtpReply.of(250, "2.1.0", "Sender OK"));
  }
}
