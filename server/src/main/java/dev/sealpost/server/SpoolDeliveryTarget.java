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

  SpoolDeliveryTarget(Spool spool, LocalDeliveryAgent localDelivery) {
    this.spool = spool;
    this.localDelivery = localDelivery;
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
        return writer.commit().thenApply(id -> {
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
