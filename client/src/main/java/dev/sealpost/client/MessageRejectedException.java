package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;
import java.util.List;

/**
 * DATA was refused, or the content was refused after the final dot. {@link #recipients()} tells which
 * recipients had been accepted before that.
 */
public final class MessageRejectedException extends SmtpClientException {
  private final transient List<RecipientResult> recipients;

  MessageRejectedException(String message, SmtpReply reply, List<RecipientResult> recipients) {
    super(message, reply, null);
    this.recipients = List.copyOf(recipients);
  }

  public List<RecipientResult> recipients() {
    return recipients;
  }
}
