package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;

/** Handles one SMTP verb. Called on the session's event loop; never blocks (returns Effect.Async instead). */
interface CommandHandler<C extends SmtpCommand> {
  Effect handle(C command, SmtpSession session);
}
