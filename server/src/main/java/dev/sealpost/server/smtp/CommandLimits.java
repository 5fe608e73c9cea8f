package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;

/**
 * Command line length limits, CRLF included. RFC 5321 §4.5.3.1.4 sets 512 octets; RFC 3461 §4 and §5
 * lengthen RCPT by up to 500 and MAIL by up to 100 octets for DSN parameters, and RFC 1870/6152/6531/
 * 8689/4954 parameters add a little more to MAIL.
 */
public final class CommandLimits {
  private CommandLimits() {}

  static final int BASE = 512;
  /** The transport's hard limit: longer lines are skipped without being buffered. */
  public static final int FRAMING = 2048;

  static int maxOctets(SmtpCommand command) {
    return switch (command) {
      case SmtpCommand.Mail m -> BASE + 100 + 200;
      case SmtpCommand.Rcpt r -> BASE + 500;
      case SmtpCommand.Auth a -> FRAMING;
      default -> BASE;
    };
  }
}
