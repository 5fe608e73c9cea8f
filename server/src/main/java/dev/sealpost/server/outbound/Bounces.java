package dev.sealpost.server.outbound;

import dev.sealpost.server.spool.SpooledMessage;
import java.util.Map;

/** Tells the sender about recipients that failed for good (RFC 3464 delivery status notifications). */
public interface Bounces {

  /**
   * Called once per attempt with the recipients that failed permanently in it (by envelope index). The
   * implementation decides, by RFC 3461, whether and how to report; it must never report to the null
   * reverse-path.
   */
  void failed(SpooledMessage message, Map<Integer, RecipientOutcome> failures);

  /**
   * Called with recipients delivered to a next hop without DSN support (RFC 3461 §6.2.6.2): the sender
   * hears "relayed" where it asked for NOTIFY=SUCCESS, since nobody further on will report.
   */
  default void relayed(SpooledMessage message, Map<Integer, RecipientOutcome> relayed) {}

  /**
   * Called once per message, when it has waited the configured delay-warning time, with the recipients
   * still pending and their last temporary failure: the sender hears "delayed" (RFC 3464 §2.3.3) where
   * RFC 3461 and the configuration say so, with the time the queue will give up.
   */
  default void delayed(SpooledMessage message, Map<Integer, RecipientOutcome> pending, java.time.Instant willRetryUntil) {}
}
