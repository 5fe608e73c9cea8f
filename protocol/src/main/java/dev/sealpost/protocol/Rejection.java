package dev.sealpost.protocol;

/**
 * Internal signal from the parsers: the command is refused with this reply. Stackless, since it is
 * control flow on hostile input, never a bug.
 */
final class Rejection extends RuntimeException {

  private final SmtpReply reply;

  Rejection(int code, String status, String text) {
    super(text, null, false, false);
    this.reply = SmtpReply.of(code, status, text);
  }

  SmtpReply reply() {
    return reply;
  }

  /** 500 5.5.1: RFC 5321 §4.2.4 for a verb we do not know. */
  static Rejection unrecognized() {
    return new Rejection(500, "5.5.1", "Command unrecognized");
  }

  /** 501 5.5.4 with the command's usage, RFC 3463 "invalid command arguments". */
  static Rejection syntax(String usage) {
    return new Rejection(501, "5.5.4", "Syntax: " + usage);
  }

  /** 501 5.5.4 for an ESMTP parameter with a bad or missing value, naming the (validated) keyword. */
  static Rejection badParameter(String keyword) {
    return new Rejection(501, "5.5.4", "Invalid value for parameter " + keyword);
  }
}
