package dev.sealpost.server.spool;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One queued message as {@code sealpost queue list} shows it.
 *
 * @param state "incoming" (awaiting local delivery), "outbound" (awaiting remote delivery) or "held"
 * @param sender the reverse-path, {@code ""} for the null path
 * @param sizeBytes the message size, header not counted
 */
public record QueueEntry(String queueId, String state, Instant receivedAt, String sender, List<String> recipients,
    long sizeBytes) {

  public QueueEntry {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(sender, "sender");
    recipients = List.copyOf(recipients);
  }
}
