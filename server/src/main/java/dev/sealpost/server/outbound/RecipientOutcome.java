package dev.sealpost.server.outbound;

import java.util.Objects;

/**
 * What one delivery attempt did for one recipient: delivered, to be retried, or failed for good, with
 * the words a bounce and the log will quote (the remote reply, or our reason when there was none).
 *
 * @param status the enhanced status code (RFC 3463), e.g. "5.1.1" or "4.4.1"
 * @param diagnostic the remote reply as one line ("550 5.1.1 no such user"), or our own reason
 * @param remoteMta the host that answered, or empty when none did
 * @param relayedWithoutDsn delivered to a next hop that does not offer DSN, so no success report will come
 *     from further on and we owe one where the sender asked (RFC 3461 §6.2.6.2)
 */
public record RecipientOutcome(Kind kind, String status, String diagnostic, String remoteMta,
    boolean relayedWithoutDsn) {

  /** Delivered ends the recipient's story; transient retries; permanent bounces. */
  public enum Kind { DELIVERED, TRANSIENT, PERMANENT }

  public RecipientOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(diagnostic, "diagnostic");
    Objects.requireNonNull(remoteMta, "remoteMta");
  }

  public RecipientOutcome(Kind kind, String status, String diagnostic, String remoteMta) {
    this(kind, status, diagnostic, remoteMta, false);
  }

  static RecipientOutcome transientFailure(String status, String diagnostic, String remoteMta) {
    return new RecipientOutcome(Kind.TRANSIENT, status, diagnostic, remoteMta);
  }

  static RecipientOutcome permanentFailure(String status, String diagnostic, String remoteMta) {
    return new RecipientOutcome(Kind.PERMANENT, status, diagnostic, remoteMta);
  }
}
