package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;

/** The connection could not be opened, was lost, or the server refused the session in its greeting. */
public final class ConnectionException extends SmtpClientException {
  ConnectionException(String message, Throwable cause) {
    super(message, null, cause);
  }

  ConnectionException(String message, SmtpReply reply) {
    super(message, reply, null);
  }
}
