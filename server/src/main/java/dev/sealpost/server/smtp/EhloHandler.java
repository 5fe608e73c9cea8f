package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.server.auth.SaslMechanisms;
import java.util.ArrayList;
import java.util.List;

/** EHLO (RFC 5321 §4.1.1.1): resets the session's transaction and lists the extensions on offer. */
final class EhloHandler implements CommandHandler<SmtpCommand.Ehlo> {

  @Override
  public Effect handle(SmtpCommand.Ehlo command, SmtpSession session) {
    session.greeted(command.domain(), true);
    return new Effect.Reply(SmtpReply.withoutStatus(250, extensions(session)));
  }

  static List<String> extensions(SmtpSession session) {
    List<String> lines = new ArrayList<>();
    lines.add(session.services().config().hostname() + " greets " + session.helo().orElse(""));
    lines.add("PIPELINING");
    lines.add("SIZE " + session.services().config().limits().maxMessageSize());
    lines.add("8BITMIME");
    lines.add("SMTPUTF8");
    lines.add("CHUNKING");
    lines.add("DSN");
    lines.add("ENHANCEDSTATUSCODES");
    if (session.tls().isPresent()) {
      lines.add("REQUIRETLS"); // RFC 8689 §4: only where the hop is already encrypted
    }
    if (session.tls().isEmpty()) {
      lines.add("STARTTLS");
    } else if (session.listener().kind().requiresAuth() && session.user().isEmpty()) {
      // Never before TLS (RFC 8314 §3.3 / RFC 4954 §4), never on the MX port.
      lines.add("AUTH " + String.join(" ", SaslMechanisms.names()));
    }
    return lines;
  }
}
