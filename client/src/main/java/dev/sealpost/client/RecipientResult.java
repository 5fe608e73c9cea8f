package dev.sealpost.client;

import dev.sealpost.protocol.EnhancedStatus;
import dev.sealpost.protocol.Mailbox;
import dev.sealpost.protocol.SmtpReply;
import java.util.Objects;
import java.util.Optional;

/** What the server answered to one RCPT TO. */
public record RecipientResult(Mailbox recipient, SmtpReply reply) {

  public RecipientResult {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(reply, "reply");
  }

  public boolean accepted() {
    return reply.code() / 100 == 2;
  }

  /** A 4xx refusal (RFC 5321 §4.2.1): the recipient may be accepted on a later try; a relay defers it. */
  public boolean isTransientFailure() {
    return reply.isTransientFailure();
  }

  /** A 5xx refusal: trying again will not help; a relay bounces it. */
  public boolean isPermanentFailure() {
    return reply.isPermanentFailure();
  }

  public int code() {
    return reply.code();
  }

  public Optional<EnhancedStatus> enhancedStatus() {
    return reply.status();
  }

  public String text() {
    return Replies.text(reply);
  }

  @Override
  public String toString() {
    return "<" + recipient + "> " + Replies.oneLine(reply);
  }
}
