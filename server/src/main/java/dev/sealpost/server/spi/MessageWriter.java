package dev.sealpost.server.spi;

import dev.sealpost.protocol.BodySink;
import java.util.concurrent.CompletableFuture;

/**
 * One message being stored. {@link #write} is called on the event loop with the message content in
 * order (the Received header first); then exactly one of {@link #commit} or {@link #abort}.
 */
public interface MessageWriter extends BodySink {

  /**
   * Makes the message durable. The future completes, on a thread of the implementation's choosing,
   * with the queue id only once the message and its envelope are on stable storage (file and directory
   * fsynced): only then may the server answer 250. An exceptional completion means nothing was queued.
   */
  CompletableFuture<String> commit();

  /** Drops the message; idempotent, safe after a failed write or commit. */
  void abort();
}
