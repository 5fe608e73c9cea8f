package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;
import java.util.Optional;

/**
 * Every failure of a send, as a closed set of types so that callers (a script, or the relay deciding
 * between retry and bounce) can {@code switch} over them. Unchecked, with a message that names the
 * server, the command and the reply.
 */
public abstract sealed class SmtpClientException extends RuntimeException
    permits ConnectionException, TlsException, AuthenticationException, SenderRejectedException,
        RecipientsRejectedException, MessageTooLargeException, MessageRejectedException, SmtpTimeoutException,
        ProtocolException, ExtensionMissingException {

  private final transient SmtpReply reply;

  SmtpClientException(String message, SmtpReply reply, Throwable cause) {
    super(message, cause);
    this.reply = reply;
  }

  /** The server reply that caused the failure, when there was one. */
  public Optional<SmtpReply> reply() {
    return Optional.ofNullable(reply);
  }

  /**
   * True when trying again later may succeed (RFC 5321 §4.2.1: 4yz replies; also lost connections and
   * timeouts). A relay queues transient failures and bounces permanent ones.
   */
  public boolean isTransient() {
    return reply == null || reply.isTransientFailure();
  }

  static String describe(SmtpReply reply) {
    return Replies.oneLine(reply);
  }
}
