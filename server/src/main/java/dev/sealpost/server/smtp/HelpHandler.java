package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;
import java.util.List;

/** HELP (RFC 5321 §4.1.1.8). */
final class HelpHandler implements CommandHandler<SmtpCommand.Help> {
  @Override
  public Effect handle(SmtpCommand.Help command, SmtpSession session) {
    return new Effect.Reply(SmtpReply.of(214, "2.0.0", List.of(
        "Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA BDAT RSET NOOP VRFY HELP QUIT",
        "See RFC 5321; this server requires TLS for submission")));
  }
}
