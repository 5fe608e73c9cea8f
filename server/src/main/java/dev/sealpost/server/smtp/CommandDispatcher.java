package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;

/**
 * Routes each command to its handler, after the listener's gate: on the submission port (RFC 8314,
 * RFC 3207 §4) only EHLO, HELO, STARTTLS, NOOP, RSET and QUIT are allowed before TLS.
 */
final class CommandDispatcher {

  private final EhloHandler ehlo = new EhloHandler();
  private final HeloHandler helo = new HeloHandler();
  private final MailHandler mail = new MailHandler();
  private final RcptHandler rcpt = new RcptHandler();
  private final DataHandler data = new DataHandler();
  private final BdatHandler bdat = new BdatHandler();
  private final StartTlsHandler startTls = new StartTlsHandler();
  private final AuthHandler auth = new AuthHandler();
  private final HelpHandler help = new HelpHandler();
  private final RsetHandler rset = new RsetHandler();
  private final NoopHandler noop = new NoopHandler();
  private final QuitHandler quit = new QuitHandler();
  private final VrfyHandler vrfy = new VrfyHandler();
  private final ExpnHandler expn = new ExpnHandler();

  Effect dispatch(SmtpCommand command, SmtpSession session) {
    if (session.listener().kind().requiresStartTls() && session.tls().isEmpty() && !allowedBeforeTls(command)) {
      if (command instanceof SmtpCommand.Bdat b) {
        return BdatHandler.refuseChunk(session, b, Replies.STARTTLS_FIRST);
      }
      return session.error(Replies.STARTTLS_FIRST);
    }
    return switch (command) {
      case SmtpCommand.Ehlo c -> ehlo.handle(c, session);
      case SmtpCommand.Helo c -> helo.handle(c, session);
      case SmtpCommand.Mail c -> mail.handle(c, session);
      case SmtpCommand.Rcpt c -> rcpt.handle(c, session);
      case SmtpCommand.Data c -> data.handle(c, session);
      case SmtpCommand.Bdat c -> bdat.handle(c, session);
      case SmtpCommand.StartTls c -> startTls.handle(c, session);
      case SmtpCommand.Auth c -> auth.handle(c, session);
      case SmtpCommand.Help c -> help.handle(c, session);
      case SmtpCommand.Rset c -> rset.handle(c, session);
      case SmtpCommand.Noop c -> noop.handle(c, session);
      case SmtpCommand.Quit c -> quit.handle(c, session);
      case SmtpCommand.Vrfy c -> vrfy.handle(c, session);
      case SmtpCommand.Expn c -> expn.handle(c, session);
    };
  }

  private static boolean allowedBeforeTls(SmtpCommand c) {
    return c instanceof SmtpCommand.Ehlo || c instanceof SmtpCommand.Helo || c instanceof SmtpCommand.StartTls
        || c instanceof SmtpCommand.Noop || c instanceof SmtpCommand.Rset || c instanceof SmtpCommand.Quit;
  }
}
