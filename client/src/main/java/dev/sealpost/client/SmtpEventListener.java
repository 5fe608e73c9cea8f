package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;
import java.net.InetSocketAddress;

/**
 * Observes connections, for per-delivery transcripts and metrics (as OkHttp's EventListener does).
 *
 * <p>Contract: methods are called on the thread doing the I/O (the caller's, or a virtual thread for the
 * async API), in the order things happen on one connection; calls for different connections may run
 * concurrently. Commands are given as sent, except that AUTH arguments and SASL responses are replaced by
 * {@code <redacted>}: no credential ever reaches a listener. Message content is never passed. A listener
 * must be quick and must not throw; what it throws is ignored.
 */
public interface SmtpEventListener {

  SmtpEventListener NONE = new SmtpEventListener() {};

  /** The TCP connection is open (before TLS for implicit TLS). */
  default void connectionOpened(Destination destination, InetSocketAddress remote) {}

  /**
   * The handshake succeeded and the certificate passed every check the {@link CertificateCheck} requires;
   * {@link TlsEvidence.Established#authenticated()} is false when none was required (opportunistic, encrypt).
   */
  default void tlsEstablished(Destination destination, TlsEvidence.Established evidence) {}

  /** A command line was written (without CRLF), credentials redacted. */
  default void commandSent(Destination destination, String line) {}

  /** A complete reply was read. */
  default void replyReceived(Destination destination, SmtpReply reply) {}

  /** The connection was closed, normally or after a failure. */
  default void connectionClosed(Destination destination) {}
}
