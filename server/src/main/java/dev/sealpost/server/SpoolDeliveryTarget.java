package dev.sealpost.server;

import dev.sealpost.server.delivery.LocalDeliveryAgent;
import dev.sealpost.server.spi.DeliveryTarget;
import dev.sealpost.server.spi.MessageWriter;
import dev.sealpost.server.spool.Envelope;
import dev.sealpost.server.spool.Spool;
import dev.sealpost.server.spool.SpoolWriter;
import java.util.concurrent.CompletableFuture;

/** The server's one delivery target: the durable spool, whose committed messages go to local delivery. */
final class SpoolDeliveryTarget implements DeliveryTarget {

  private final Spool spool;
  private final LocalDeliveryAgent localDelivery;
  private final java.util.Optional<dev.sealpost.server.inbound.InboundAuthenticator> inbound;
  private final dev.sealpost.server.inbound.InboundVerdicts verdicts;

  private final java.time.Duration checkTimeout;
  private final java.util.concurrent.Executor afterChecks = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  SpoolDeliveryTarget(Spool spool, LocalDeliveryAgent localDelivery,
      java.util.Optional<dev.sealpost.server.inbound.InboundAuthenticator> inbound, java.time.Duration checkTimeout) {
    this.checkTimeout = checkTimeout;
    this.spool = spool;
    this.localDelivery = localDelivery;
    this.inbound = inbound;
    this.verdicts = new dev.sealpost.server.inbound.InboundVerdicts(spool.directory());
  }

  /**
   * After the commit, before the 250: the trust checks of mail from other servers. A DMARC reject
   * removes the message (it was never acknowledged) and fails the commit with the 550 to send.
   */
  private CompletableFuture<String> checked(String id, Envelope envelope) {
    if (inbound.isEmpty() || !inbound.get().appliesTo(envelope)) {
      return CompletableFuture.completedFuture(id); // submitted mail: no file read, nothing on the commit thread
    }
    var timedOut = new dev.sealpost.server.inbound.InboundVerdict("Authentication-Results: "
        + inbound.get().authservId() + "; none (checks timed out)\r\n", false, java.util.Optional.empty());
    return inbound.get().check(spool.incomingFile(id)).completeOnTimeout(timedOut, checkTimeout.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS).thenComposeAsync(verdict -> {
      if (verdict.refusal().isPresent()) {
        try {
          spool.deleteIncoming(id);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e); // answered 451: the sender tries again, nothing is lost
        }
        throw new dev.sealpost.server.spi.MessageRefusedException(verdict.refusal().get());
      }
      if (verdict.header().isEmpty()) {
        return CompletableFuture.completedFuture(id);
      }
      // Durable before the 250 (a crash must not put a quarantined message in the inbox), batched with the
      // other sessions' commits.
      return verdicts.save(id, verdict, spool.committer()).thenApply(done -> id);
    }, afterChecks); // file work on a virtual thread, not on the timer that may complete the checks
  }

  @Override
  public MessageWriter open(Envelope envelope) {
    SpoolWriter writer = spool.begin(envelope);
    return new MessageWriter() {
      @Override
      public void write(byte[] bytes, int offset, int length) {
        writer.write(bytes, offset, length);
      }

      @Override
      public CompletableFuture<String> commit() {
        return writer.commit().thenCompose(id -> checked(id, envelope)).thenApply(id -> {
          localDelivery.submit(id);
          return id;
        });
      }

      @Override
      public void abort() {
        writer.abort();
      }
    };
  }
}
