package dev.sealpost.client;

import java.util.List;

/**
 * Every RCPT TO was refused, so no content was sent. When only some are refused the send succeeds and
 * {@link SendResult#rejected()} lists them.
 */
public final class RecipientsRejectedException extends SmtpClientException {
  private final transient List<RecipientResult> recipients;

  RecipientsRejectedException(String message, List<RecipientResult> recipients) {
    super(message, recipients.getFirst().reply(), null);
    this.recipients = List.copyOf(recipients);
  }

  public List<RecipientResult> recipients() {
    return recipients;
  }

  /** Transient only when every refusal was a 4xx. */
  @Override
  public boolean isTransient() {
    return recipients.stream().allMatch(r -> r.reply().isTransientFailure());
  }
}
