package dev.sealpost.server.smtp;

import dev.sealpost.protocol.ForwardPath;
import dev.sealpost.protocol.Mailbox;
import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RCPT (RFC 5321 §4.1.1.3). Fail closed: a recipient is refused unless it is a known local user, or the
 * session is authenticated and the domain is not ours (relay for our own users only). Never an open
 * relay: everything else gets 554 5.7.1.
 */
final class RcptHandler implements CommandHandler<SmtpCommand.Rcpt> {

  private static final Logger LOG = LoggerFactory.getLogger(RcptHandler.class);

  @Override
  public Effect handle(SmtpCommand.Rcpt command, SmtpSession session) {
    Transaction t = session.transaction().orElse(null);
    if (t == null) {
      return session.error(Replies.BAD_SEQUENCE_MAIL);
    }
    if (t.writer().isPresent()) {
      return session.error(SmtpReply.of(503, "5.5.1", "RCPT not allowed during BDAT"));
    }
    if (t.recipients().size() >= session.services().config().limits().maxRecipients()) {
      return new Effect.Reply(SmtpReply.of(452, "4.5.3", "Too many recipients"));
    }
    LocalRecipients.Verdict verdict;
    String shown;
    switch (command.forwardPath()) {
      case ForwardPath.Postmaster p -> {
        verdict = session.services().recipients().postmaster();
        shown = "Postmaster";
      }
      case ForwardPath.To to -> {
        Mailbox m = to.mailbox();
        if (m.needsSmtpUtf8() && !t.parameters().smtpUtf8()) {
          return session.error(SmtpReply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8"));
        }
        verdict = session.services().recipients().classify(m);
        shown = m.toString();
      }
    }
    return switch (verdict) {
      case LocalRecipients.Verdict.Local local -> accept(t, local.user(), true, command);
      case LocalRecipients.Verdict.Remote remote -> {
        if (session.user().isPresent()) {
          yield accept(t, shown, false, command);
        }
        LOG.warn("session={} client={} event=relay-denied rcpt=<{}>", session.id(), session.client(), shown);
        yield session.error(SmtpReply.of(554, "5.7.1", "Relay access denied"));
      }
      case LocalRecipients.Verdict.RoutingSyntax r -> {
        LOG.warn("session={} client={} event=relay-denied rcpt=<{}> reason=routing-syntax", session.id(),
            session.client(), shown);
        yield session.error(SmtpReply.of(550, "5.7.1", "Source routing in local part not accepted"));
      }
      case LocalRecipients.Verdict.UnknownUser u ->
          session.error(SmtpReply.of(550, "5.1.1", "Mailbox unavailable: no such user here"));
    };
  }

  private static Effect accept(Transaction t, String address, boolean local, SmtpCommand.Rcpt command) {
    t.addRecipient(new Transaction.Recipient(address, local, command.parameters()));
    return new Effect.Reply(SmtpReply.of(250, "2.1.5", "Recipient OK"));
  }
}
