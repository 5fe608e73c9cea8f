package dev.sealpost.server.spi;

import dev.sealpost.server.spool.Envelope;

/**
 * Where accepted messages go. The SMTP session knows deliveries only through this interface; the spool
 * (and behind it local Maildir delivery and the outbound queue) implements it.
 *
 * <p>Contract: {@link #open} is called on the session's event loop once the envelope is complete (at
 * DATA or the first BDAT), after every recipient was accepted. It must not block beyond page-cache
 * writes. A failure to open is reported by throwing an unchecked exception; the session answers 451.
 */
public interface DeliveryTarget {

  /** Starts storing one message for {@code envelope}. */
  MessageWriter open(Envelope envelope);
}
