package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;

/**
 * AUTH failed: the server refused the credentials (its reply is attached, e.g. {@code 535 5.7.8}), or
 * offers no mechanism the credentials can use.
 */
public final class AuthenticationException extends SmtpClientException {
  AuthenticationException(String message, SmtpReply reply) {
    super(message, reply, null);
  }

  /** Only a 4xx reply (e.g. {@code 454 4.7.0 temporary failure}) is worth a retry. */
  @Override
  public boolean isTransient() {
    return reply().map(SmtpReply::isTransientFailure).orElse(false);
  }
}
