package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;

/** Small helpers for showing replies in messages. */
final class Replies {
  private Replies() {}

  /** {@code "550 5.1.1 no such user"}, lines joined by " / ". */
  static String oneLine(SmtpReply reply) {
    return reply.code() + reply.status().map(s -> " " + s).orElse("") + " " + String.join(" / ", reply.lines());
  }

  static String text(SmtpReply reply) {
    return String.join("\n", reply.lines());
  }
}
