package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;

/** EXPN (RFC 5321 §3.5.2, §7.3): not offered; lists are not disclosed. */
final class ExpnHandler implements CommandHandler<SmtpCommand.Expn> {
  @Override
  public Effect handle(SmtpCommand.Expn command, SmtpSession session) {
    return new Effect.Reply(SmtpReply.of(502, "5.5.1", "EXPN not available"));
  }
}
