package dev.sealpost.client;

import dev.sealpost.protocol.EnhancedStatus;
import dev.sealpost.protocol.SmtpReply;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message the server took responsibility for (RFC 5321 §6.1), for at least one recipient.
 *
 * @param destination where it went
 * @param recipients every RCPT TO answer, in envelope order
 * @param finalReply the reply after the final dot, e.g. {@code 250 2.0.0 queued as 4F2A}
 * @param tls what protected the connection
 */
public record SendResult(Destination destination, List<RecipientResult> recipients, SmtpReply finalReply,
    TlsEvidence tls) {

  public SendResult {
    Objects.requireNonNull(destination, "destination");
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(finalReply, "finalReply");
    Objects.requireNonNull(tls, "tls");
  }

  public List<RecipientResult> accepted() {
    return recipients.stream().filter(RecipientResult::accepted).toList();
  }

  /** Recipients the server refused while accepting the message for the others (partial acceptance). */
  public List<RecipientResult> rejected() {
    return recipients.stream().filter(r -> !r.accepted()).toList();
  }

  public Optional<EnhancedStatus> enhancedStatus() {
    return finalReply.status();
  }
}
