package dev.sealpost.server.spi;

import dev.sealpost.protocol.SmtpReply;

/**
 * A committed message that a check refused before the reply to DATA (a DMARC reject): the session
 * answers with {@link #reply()}, and the message is gone, never delivered.
 */
public final class MessageRefusedException extends RuntimeException {

  private final transient SmtpReply reply;

  public MessageRefusedException(SmtpReply reply) {
    super(reply.toString(), null, false, false);
    this.reply = reply;
  }

  public SmtpReply reply() {
    return reply;
  }
}
