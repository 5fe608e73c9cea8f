package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;

/** QUIT (RFC 5321 §4.1.1.10): an unfinished transaction is dropped, then 221 and close. */
final class QuitHandler implements CommandHandler<SmtpCommand.Quit> {
  @Override
  public Effect handle(SmtpCommand.Quit command, SmtpSession session) {
    session.abortTransaction();
    return new Effect.Close(SmtpReply.of(221, "2.0.0", "Bye"));
  }
}
