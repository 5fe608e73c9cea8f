package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;

/**
 * VRFY (RFC 5321 §3.5.3, §7.3): 252 neither confirms nor denies, so VRFY cannot be used to harvest
 * addresses.
 */
final class VrfyHandler implements CommandHandler<SmtpCommand.Vrfy> {
  @Override
  public Effect handle(SmtpCommand.Vrfy command, SmtpSession session) {
    return new Effect.Reply(
        SmtpReply.of(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery"));
  }
}
