package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;

/** HELO (RFC 5321 §4.1.1.1): plain SMTP, so no service extensions may be used afterwards. */
final class HeloHandler implements CommandHandler<SmtpCommand.Helo> {
  @Override
  public Effect handle(SmtpCommand.Helo command, SmtpSession session) {
    session.greeted(command.domain(), false);
    return new Effect.Reply(SmtpReply.withoutStatus(250, session.services().config().hostname()));
  }
}
