package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;

/**
 * STARTTLS (RFC 3207). A second STARTTLS inside TLS gets 503 (§4.2: the command is not offered there);
 * the argument check (501) happens in the parser.
 */
final class StartTlsHandler implements CommandHandler<SmtpCommand.StartTls> {
  @Override
  public Effect handle(SmtpCommand.StartTls command, SmtpSession session) {
    if (session.tls().isPresent()) {
      return session.error(SmtpReply.of(503, "5.5.1", "TLS already active"));
    }
    session.abortTransaction();
    return new Effect.StartTls(SmtpReply.of(220, "2.0.0", "Ready to start TLS"));
  }
}
