package dev.sealpost.server.spool;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The SMTP envelope of one queued message (RFC 5321 §2.3.1) plus the trace facts the queue needs later:
 * DSN parameters (RFC 3461), SMTPUTF8 (RFC 6531), BODY (RFC 6152, RFC 3030), REQUIRETLS (RFC 8689) and
 * who submitted it over which listener. Stored as JSON in the spool file header.
 *
 * @param reversePath the RFC 5321 mailbox text of MAIL FROM, or {@code ""} for the null path {@code <>}
 * @param ret the DSN RET value, FULL or HDRS
 * @param envId the ENVID value, already xtext-decoded by the MAIL parser (RFC 3461 §4.4)
 * @param bodyType 7BIT, 8BITMIME or BINARYMIME
 * @param tls the protocol and cipher suite the message arrived over, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384"
 */
public record Envelope(String queueId, Instant receivedAt, String reversePath, List<EnvelopeRecipient> recipients,
    Optional<String> ret, Optional<String> envId, boolean smtpUtf8, String bodyType, boolean requireTls,
    Optional<String> authenticatedUser, String clientAddress, String heloName, Optional<String> tls,
    String listener) {

  private static final Set<String> BODY_TYPES = Set.of("7BIT", "8BITMIME", "BINARYMIME");
  private static final Set<String> RET_VALUES = Set.of("FULL", "HDRS");

  public Envelope {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(reversePath, "reversePath");
    recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
    Objects.requireNonNull(ret, "ret");
    Objects.requireNonNull(envId, "envId");
    Objects.requireNonNull(bodyType, "bodyType");
    Objects.requireNonNull(authenticatedUser, "authenticatedUser");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(heloName, "heloName");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(listener, "listener");
    if (queueId.isEmpty()) {
      throw new IllegalArgumentException("queueId is empty");
    }
    if (!BODY_TYPES.contains(bodyType)) {
      throw new IllegalArgumentException("bodyType must be one of " + BODY_TYPES + ": " + bodyType);
    }
    if (ret.isPresent() && !RET_VALUES.contains(ret.get())) {
      throw new IllegalArgumentException("ret must be FULL or HDRS: " + ret.get());
    }
  }

  /** True when the null reverse-path {@code <>} was given (bounces, RFC 5321 §4.5.5). */
  public boolean nullReversePath() {
    return reversePath.isEmpty();
  }
}
