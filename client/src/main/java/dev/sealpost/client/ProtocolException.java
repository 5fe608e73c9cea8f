package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;

/** The server broke the protocol: a malformed or oversized reply, or a reply that makes no sense here. */
public final class ProtocolException extends SmtpClientException {
  ProtocolException(String message) {
    super(message, null, null);
  }

  ProtocolException(String message, SmtpReply reply) {
    super(message, reply, null);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
