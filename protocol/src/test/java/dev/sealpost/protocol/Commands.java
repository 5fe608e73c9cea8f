package dev.sealpost.protocol;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers: parse a line and insist on the outcome. */
final class Commands {

  private Commands() {}

  static SmtpCommand parsed(String line) {
    ParseResult result = CommandParser.parse(line);
    assertThat(result).as("parse of %s", line).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).command();
  }

  static <T extends SmtpCommand> T parsed(String line, Class<T> type) {
    SmtpCommand command = parsed(line);
    assertThat(command).isInstanceOf(type);
    return type.cast(command);
  }

  static SmtpReply rejected(String line) {
    ParseResult result = CommandParser.parse(line);
    assertThat(result).as("parse of %s", line).isInstanceOf(ParseResult.Rejected.class);
    return ((ParseResult.Rejected) result).reply();
  }

  /** Asserts the line is refused with exactly this code and enhanced status. */
  static SmtpReply rejected(String line, int code, String status) {
    SmtpReply reply = rejected(line);
    assertThat(reply.code()).as("code for %s", line).isEqualTo(code);
    assertThat(reply.status()).as("status for %s", line).hasValue(EnhancedStatus.parse(status));
    return reply;
  }
}
