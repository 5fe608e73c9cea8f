package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpReply;

/** Replies used by more than one handler, with their enhanced status codes (RFC 3463). */
final class Replies {
  private Replies() {}

  static final SmtpReply OK = SmtpReply.of(250, "2.0.0", "OK");
  static final SmtpReply BAD_SEQUENCE_HELO = SmtpReply.of(503, "5.5.1", "Send EHLO or HELO first");
  static final SmtpReply BAD_SEQUENCE_MAIL = SmtpReply.of(503, "5.5.1", "Send MAIL FROM first");
  static final SmtpReply BAD_SEQUENCE_RCPT = SmtpReply.of(503, "5.5.1", "Send RCPT TO first");
  static final SmtpReply NESTED_MAIL = SmtpReply.of(503, "5.5.1", "Transaction already started; send RSET first");
  static final SmtpReply STARTTLS_FIRST = SmtpReply.of(530, "5.7.0", "Must issue a STARTTLS command first");
  static final SmtpReply AUTH_REQUIRED = SmtpReply.of(530, "5.7.0", "Authentication required");
  static final SmtpReply LINE_TOO_LONG = SmtpReply.of(500, "5.5.2", "Line too long");
  static final SmtpReply TOO_MANY_ERRORS = SmtpReply.of(421, "4.7.0", "Too many errors, closing connection");
  static final SmtpReply TEMP_FAILURE =
      SmtpReply.of(451, "4.3.0", "Temporary failure storing the message; try again later");
  static final SmtpReply TOO_BIG = SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
}
