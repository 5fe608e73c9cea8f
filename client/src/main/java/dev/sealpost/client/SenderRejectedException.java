package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;

/** MAIL FROM was refused; no recipient was accepted and no content was sent. */
public final class SenderRejectedException extends SmtpClientException {
  SenderRejectedException(String message, SmtpReply reply) {
    super(message, reply, null);
  }
}
