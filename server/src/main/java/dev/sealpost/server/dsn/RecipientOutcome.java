package dev.sealpost.server.dsn;

import dev.sealpost.protocol.EnhancedStatus;
import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.server.spool.EnvelopeRecipient;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one recipient, as a DSN reports it (RFC 3464 §2.3). Remote text is kept as given and
 * made safe only when written ({@link FieldText}).
 *
 * @param recipient the envelope recipient: its RCPT address, NOTIFY and ORCPT
 * @param finalRecipient the address the attempt was made to (differs from the RCPT address after an
 *     alias or forward)
 * @param remoteMta the host that gave {@code diagnostic}, e.g. "mx.example.com"
 * @param diagnostic the remote SMTP reply, e.g. "550 5.1.1 no such user"; untrusted
 * @param willRetryUntil for {@link Action#DELAYED}: when the queue gives up
 */
public record RecipientOutcome(EnvelopeRecipient recipient, String finalRecipient, Action action,
    EnhancedStatus status, Optional<String> remoteMta, Optional<String> diagnostic,
    Optional<Instant> lastAttempt, Optional<Instant> willRetryUntil) {

  public RecipientOutcome {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(finalRecipient, "finalRecipient");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(remoteMta, "remoteMta");
    Objects.requireNonNull(diagnostic, "diagnostic");
    Objects.requireNonNull(lastAttempt, "lastAttempt");
    Objects.requireNonNull(willRetryUntil, "willRetryUntil");
    if (finalRecipient.isEmpty()) {
      throw new IllegalArgumentException("finalRecipient is empty for " + recipient.address());
    }
    if (!action.fits(status.klass())) {
      throw new IllegalArgumentException("status " + status + " does not fit action " + action.token());
    }
  }

  /** The outcome for {@code recipient} with its RCPT address as the final recipient and nothing else known. */
  public static RecipientOutcome of(EnvelopeRecipient recipient, Action action, EnhancedStatus status) {
    return new RecipientOutcome(recipient, recipient.address(), action, status, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static RecipientOutcome of(EnvelopeRecipient recipient, Action action, String status) {
    return of(recipient, action, EnhancedStatus.parse(status));
  }

  public RecipientOutcome withFinalRecipient(String address) {
    return new RecipientOutcome(recipient, address, action, status, remoteMta, diagnostic, lastAttempt,
        willRetryUntil);
  }

  /** The remote host and its reply text, e.g. ("mx.example.com", "550 5.1.1 no such user"). */
  public RecipientOutcome withRemote(String mta, String reply) {
    return new RecipientOutcome(recipient, finalRecipient, action, status, Optional.of(mta), Optional.of(reply),
        lastAttempt, willRetryUntil);
  }

  /** The remote host and its reply; a multi-line reply becomes one line. */
  public RecipientOutcome withRemote(String mta, SmtpReply reply) {
    return withRemote(mta, reply.toWire().replace("\r\n", " ").strip());
  }

  public RecipientOutcome withLastAttempt(Instant when) {
    return new RecipientOutcome(recipient, finalRecipient, action, status, remoteMta, diagnostic,
        Optional.of(when), willRetryUntil);
  }

  public RecipientOutcome withWillRetryUntil(Instant when) {
    return new RecipientOutcome(recipient, finalRecipient, action, status, remoteMta, diagnostic, lastAttempt,
        Optional.of(when));
  }

  /** The address the sender knows: the decoded ORCPT when given, else the RCPT address. */
  String originalAddress() {
    return recipient.orcpt().map(FieldText::originalRecipient)
        .map(typed -> typed.substring(typed.indexOf(';') + 1))
        .orElse(recipient.address());
  }
}
