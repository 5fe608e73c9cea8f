package dev.sealpost.server.outbound;

import dev.sealpost.server.spool.Envelope;
import dev.sealpost.server.spool.EnvelopeRecipient;
import dev.sealpost.server.spool.QueueIds;
import dev.sealpost.server.spool.Spool;
import dev.sealpost.server.spool.SpoolWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Queues a message the server writes itself (a DSN, a TLS report) like any received message: committed
 * to the spool (fsynced), then handed to local delivery, which passes remote recipients on to the
 * outbound queue. Its trace fields name this host and the "generated" origin, not a client.
 */
public final class GeneratedMail {

  private final String hostname;
  private final Spool spool;
  private final Predicate<String> isLocalDomain;
  private final Consumer<String> submit;
  private final Clock clock;

  /**
   * @param isLocalDomain whether a domain is ours, so that the recipient is delivered locally
   * @param submit takes the queue id of the committed message
   */
  public GeneratedMail(String hostname, Spool spool, Predicate<String> isLocalDomain, Consumer<String> submit,
      Clock clock) {
    this.hostname = hostname;
    this.spool = spool;
    this.isLocalDomain = isLocalDomain;
    this.submit = submit;
    this.clock = clock;
  }

  /**
   * Queues {@code message} (header and body, CRLF lines) from {@code reversePath} ("" for the null
   * path) to {@code recipients}; returns its queue id once it is on disk.
   *
   * @param origin the listener name in the envelope: "bounce", "tlsrpt", ...
   */
  public String queue(String reversePath, List<String> recipients, byte[] message, boolean eightBit, boolean smtpUtf8,
      String origin) {
    List<EnvelopeRecipient> rcpts = recipients.stream().map(r -> new EnvelopeRecipient(r,
        isLocalDomain.test(OutboundQueue.domainOf(r)), List.of(), Optional.empty())).toList();
    Envelope envelope = new Envelope(QueueIds.next(), clock.instant(), reversePath, rcpts, Optional.empty(),
        Optional.empty(), smtpUtf8, eightBit ? "8BITMIME" : "7BIT", false, Optional.empty(), "127.0.0.1", hostname,
        Optional.empty(), origin);
    SpoolWriter w = spool.begin(envelope);
    w.write(message, 0, message.length);
    String id = w.commit().join();
    submit.accept(id);
    return id;
  }
}
