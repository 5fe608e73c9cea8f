package dev.sealpost.server.outbound;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Remote-delivery progress of one queued message, kept on disk beside the spool so that a restart
 * neither delivers a recipient twice (within the limits of SMTP) nor forgets an attempt count.
 *
 * @param recipients by index into the envelope's recipient list; only remote recipients appear
 * @param delayWarned whether the delay warning went (or was due and not wanted): it goes once per message
 */
public record DeliveryState(int attempts, Instant nextAttempt, Map<Integer, RecipientOutcome> recipients,
    boolean delayWarned) {

  /** The saved state of a queued message, for `sealpost queue show`; empty before its first attempt. */
  public static java.util.Optional<DeliveryState> read(java.nio.file.Path spoolDir, String queueId) {
    java.nio.file.Path dir = spoolDir.resolve("outbound-state");
    if (!dev.sealpost.server.spool.QueueIds.isValid(queueId) || !java.nio.file.Files.isDirectory(dir)) {
      return java.util.Optional.empty();
    }
    return new DeliveryStateStore(dir).load(queueId);
  }

  public DeliveryState {
    recipients = new TreeMap<>(recipients);
  }

  static DeliveryState fresh(Instant now) {
    return new DeliveryState(0, now, Map.of(), false);
  }

  /** True once {@code index} was delivered or failed for good. */
  public boolean settled(int index) {
    RecipientOutcome o = recipients.get(index);
    return o != null && o.kind() != RecipientOutcome.Kind.TRANSIENT;
  }
}
