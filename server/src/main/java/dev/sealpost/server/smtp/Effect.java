package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpReply;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What the transport must do after the session handled an input. The session decides; the Netty adapter
 * carries it out, so that the protocol logic stays free of I/O and testable as a transcript.
 */
public sealed interface Effect {

  /** Nothing to send yet; go on reading in the session's current input mode. */
  record Continue() implements Effect {}

  /** Send a reply and go on reading. */
  record Reply(SmtpReply reply) implements Effect {}

  /** Send a reply, then close the connection. */
  record Close(SmtpReply reply) implements Effect {}

  /**
   * Send the 220 for STARTTLS in clear text and start the handshake. Anything the client sent after the
   * STARTTLS line is discarded unread (RFC 3207 §4.2, CVE-2011-0411); the session is reset once the
   * handshake completes.
   */
  record StartTls(SmtpReply reply) implements Effect {}

  /**
   * Work off the event loop (hashing, fsync); reading pauses until it completes. The stage yields a
   * continuation that the transport runs back on the session's event loop, so that session state is only
   * ever touched there.
   */
  record Async(CompletionStage<Supplier<Effect>> next) implements Effect {}

  /** Wait, reading paused, then carry out {@code then} (used to slow down failed AUTH). */
  record Delayed(Duration delay, Effect then) implements Effect {}
}
