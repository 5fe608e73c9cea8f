package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;

/** NOOP (RFC 5321 §4.1.1.9). */
final class NoopHandler implements CommandHandler<SmtpCommand.Noop> {
  @Override
  public Effect handle(SmtpCommand.Noop command, SmtpSession session) {
    return new Effect.Reply(Replies.OK);
  }
}
