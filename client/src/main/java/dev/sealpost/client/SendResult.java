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
 * @param dsnParametersDropped true when the envelope had RET, ENVID, NOTIFY or ORCPT and they were left out
 *     because the server lacks DSN (only with {@link SmtpClient.Builder#dropDsnParametersWhenUnsupported()}):
 *     the relay then owes the sender the "relayed" DSNs itself (RFC 3461 §4.1, §6.2.2)
 */
public record SendResult(Destination destination, List<RecipientResult> recipients, SmtpReply finalReply,
    TlsEvidence tls, boolean dsnParametersDropped) {

  /** A result whose DSN parameters, if any, were sent. */
  public SendResult(Destination destination, List<RecipientResult> recipients, SmtpReply finalReply, TlsEvidence tls) {
    this(destination, recipients, finalReply, tls, false);
  }

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

  /** Refused recipients worth trying again later (4xx): a relay keeps them queued. */
  public List<RecipientResult> deferred() {
    return recipients.stream().filter(RecipientResult::isTransientFailure).toList();
  }

  /** Refused recipients that will not be accepted later (5xx): a relay bounces them. */
  public List<RecipientResult> failed() {
    return recipients.stream().filter(RecipientResult::isPermanentFailure).toList();
  }

  public Optional<EnhancedStatus> enhancedStatus() {
    return finalReply.status();
  }
}
