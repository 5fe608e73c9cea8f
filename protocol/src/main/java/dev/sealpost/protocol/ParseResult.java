package dev.sealpost.protocol;

import java.util.Objects;

/** What {@link CommandParser#parse} makes of one command line: a command, or the reply refusing it. */
public sealed interface ParseResult {

  /** The line is a well-formed command. */
  record Parsed(SmtpCommand command) implements ParseResult {
    public Parsed {
      Objects.requireNonNull(command, "command");
    }
  }

  /** The line is refused with this (always 5xx) reply; the session stays in its current state. */
  record Rejected(SmtpReply reply) implements ParseResult {
    public Rejected {
      Objects.requireNonNull(reply, "reply");
    }
  }
}
