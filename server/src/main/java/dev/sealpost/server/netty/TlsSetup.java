package dev.sealpost.server.netty;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How a listener does TLS. The context comes from a supplier so that a reloaded certificate is used by
 * the next handshake without a restart.
 */
record TlsSetup(Supplier<SslContext> context, boolean implicit, Duration handshakeTimeout) {

  static final String HANDLER_NAME = "tls";

  /** Reports a handshake's end to the context source (which watches for refused certificates). */
  void handshakeDone(io.netty.handler.ssl.SslHandshakeCompletionEvent done) {
    if (context instanceof TlsContextSource source) {
      source.handshakeOutcome(done.isSuccess(), done.cause());
    }
  }

  /**
   * The handler that starts TLS: an SslHandler, or, when the certificate depends on the client (SNI
   * names, ECDSA and RSA pairs), a {@link CertificateSelector} that reads the ClientHello first.
   *
   * @param startTls true when the next write (the 220 to STARTTLS) must still go out in clear text
   */
  io.netty.channel.ChannelHandler newHandler(ByteBufAllocator alloc, boolean startTls) {
    if (context instanceof TlsContextSource source && source.needsClientHello()) {
      return new CertificateSelector(source, source.tls13(), handshakeTimeout);
    }
    SslHandler handler = new SslHandler(context.get().newEngine(alloc), startTls);
    handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
    return handler;
  }
}
