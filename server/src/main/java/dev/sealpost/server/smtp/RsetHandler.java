package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;

/** RSET (RFC 5321 §4.1.1.5): drops the transaction, keeps the session (EHLO, TLS, AUTH). */
final class RsetHandler implements CommandHandler<SmtpCommand.Rset> {
  @Override
  public Effect handle(SmtpCommand.Rset command, SmtpSession session) {
    session.abortTransaction();
    return new Effect.Reply(Replies.OK);
  }
}
